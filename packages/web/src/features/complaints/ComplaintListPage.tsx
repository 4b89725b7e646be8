import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import {
  CHANNEL_LABELS,
  COMPLAINT_STATUS_LABELS,
  formatShanghaiTime,
  type ComplaintList,
  type ComplaintStatus,
} from '@zhengming/contracts';
import { useState } from 'react';
import type { ComplaintFilters } from '../../api/complaints.endpoints';
import { useApi } from '../../api/api-context';
import { useQuery } from '../../api/use-query';
import { useSignedInSession } from '../../app/session';
import { pickLabel, useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/PageHeader';
import { Link } from '../../router/router';
import { ComplaintFilterBar } from './ComplaintFilterBar';
import { browserStorage, readStoredFilters, storeFilters } from './stored-filters';

type Item = ComplaintList['items'][number];

const PAGE_SIZES = [20, 50, 100];

const STATUS_COLORS: Record<ComplaintStatus, string> = {
  registered: 'blue',
  incoming: 'orange',
  transfer_pending: 'gold',
  passed_up: 'default',
  sent_down: 'default',
};

/** Today in China (Asia/Shanghai, UTC+8 all year) as YYYY-MM-DD, for deadlines given as dates. */
function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * 检举控告: the complaints of the active office and below that the user may see, newest registered first, filtered
 * (channel, status, real-name or anonymous, received dates) and paged on the server. The filters are kept per user
 * in this browser and restored on return. Subjects show only where the user may read content.
 */
export default function ComplaintListPage() {
  const { t, locale } = useI18n();
  const { endpoints } = useApi();
  const session = useSignedInSession();
  const userId = session.user.id;
  const [filters, setFilters] = useState<ComplaintFilters>(() => readStoredFilters(browserStorage(), userId));
  const [paging, setPaging] = useState({ page: 1, pageSize: PAGE_SIZES[0]! });
  const list = useQuery(
    () => endpoints.listComplaints(filters, paging.page, paging.pageSize),
    `complaints:${session.activeOfficeId ?? ''}:${JSON.stringify(filters)}:${paging.page}:${paging.pageSize}`,
  );

  const handleFilters = (next: ComplaintFilters) => {
    setFilters(next);
    storeFilters(browserStorage(), userId, next);
    setPaging((previous) => ({ ...previous, page: 1 }));
  };

  const today = chinaToday();
  const isFiltered = Object.values(filters).some((value) => value !== undefined);

  return (
    <>
      <PageHeader
        title={t('complaints.title')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('common.refresh')}
          </Button>
        }
      />
      <Card
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('complaints.timeZone')}
          </Typography.Text>
        }
        title={t('complaints.listTitle')}
        styles={{ body: { padding: 0 } }}
      >
        <ComplaintFilterBar value={filters} onChange={handleFilters} />
        <Table<Item>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t(isFiltered ? 'complaints.emptyFiltered' : 'complaints.empty') }}
          scroll={{ x: 1100 }}
          size="small"
          tableLayout="fixed"
          pagination={{
            current: paging.page,
            pageSize: paging.pageSize,
            total: list.data?.total ?? 0,
            pageSizeOptions: PAGE_SIZES,
            showSizeChanger: true,
            showTotal: (total) => <span data-testid="complaint-total">{t('complaints.total', { total })}</span>,
            onChange: (page, pageSize) =>
              setPaging((previous) => ({ page: pageSize === previous.pageSize ? page : 1, pageSize })),
            style: { paddingInline: 12 },
          }}
          columns={[
            {
              title: t('complaints.number'),
              key: 'number',
              width: 200,
              render: (_value, item) => <Link to={`/complaints/${item.id}`}>{item.number}</Link>,
            },
            {
              title: t('complaints.receivedAt'),
              key: 'receivedAt',
              width: 140,
              render: (_value, item) => (
                <span title={item.receivedAt}>{formatShanghaiTime(item.receivedAt).slice(0, 16)}</span>
              ),
            },
            {
              title: t('complaints.channel'),
              key: 'channel',
              width: 70,
              render: (_value, item) => pickLabel(CHANNEL_LABELS[item.channel], locale),
            },
            {
              title: t('complaints.reporter'),
              key: 'reporter',
              width: 90,
              // A stub (passed up or sent down) keeps no reporter: nothing to say here.
              render: (_value, item) =>
                item.status === 'passed_up' || item.status === 'sent_down'
                  ? '—'
                  : t(item.isAnonymous ? 'complaints.anonymous' : 'complaints.realName'),
            },
            { title: t('complaints.office'), dataIndex: 'officeName', width: 130, ellipsis: true },
            {
              title: t('complaints.subjects'),
              key: 'subjects',
              ellipsis: true,
              render: (_value, item) =>
                item.subjectNames === null ? (
                  <Typography.Text type="secondary">{t('complaints.noContentAccess')}</Typography.Text>
                ) : item.subjectNames.length === 0 ? (
                  '—'
                ) : (
                  item.subjectNames.join('、')
                ),
            },
            {
              title: t('complaints.status'),
              key: 'status',
              width: 190,
              render: (_value, item) => (
                <Space size={4} wrap>
                  <Tag color={STATUS_COLORS[item.status]}>
                    {pickLabel(COMPLAINT_STATUS_LABELS[item.status], locale)}
                  </Tag>
                  {item.isRepeat ? <Tag color="purple">{t('complaints.repeat')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: t('complaints.acceptanceNotice'),
              key: 'acceptanceNotice',
              width: 150,
              render: (_value, item) => <NoticeCell item={item} today={today} />,
            },
          ]}
        />
      </Card>
    </>
  );
}

/** The acceptance notice owed to a real-name reporter: sent, or due by a date (red once the date has passed). */
function NoticeCell({ item, today }: { item: Item; today: string }) {
  const { t } = useI18n();
  if (item.acceptanceNoticeSent === true) {
    return <Tag color="green">{t('complaints.noticeSent')}</Tag>;
  }
  if (item.acceptanceNoticeDue === null) {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  const isOverdue = item.acceptanceNoticeDue < today;
  return (
    <Typography.Text type={isOverdue ? 'danger' : undefined}>
      {t(isOverdue ? 'complaints.noticeOverdue' : 'complaints.noticeDue', { date: item.acceptanceNoticeDue })}
    </Typography.Text>
  );
}
