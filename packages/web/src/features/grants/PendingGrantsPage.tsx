import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Space, Table, Tag } from 'antd';
import { ROLE_LABELS, type PendingGrant } from '@zhengming/contracts';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { useQuery } from '../../api/use-query';
import { pickLabel, useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/PageHeader';
import { formatDateTime } from '../../util/format';
import { PendingResetsCard } from './PendingResetsCard';
import { RejectGrantModal } from './RejectGrantModal';

/**
 * 待审批授权: grants of a content role or auditor, waiting for a leader of the office or an ancestor (not the
 * grantee), who approves or rejects (驳回, with an optional reason) each; below them, account resets to approve.
 */
export default function PendingGrantsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { endpoints } = useApi();
  const grants = useQuery(() => endpoints.listPendingGrants(), 'pending-grants');
  const [approvingId, setApprovingId] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<PendingGrant | null>(null);

  const handleApprove = async (grant: PendingGrant) => {
    setApprovingId(grant.id);
    try {
      await endpoints.approveGrant(grant.id);
      void message.success(t('pending.approved'));
      grants.reload();
    } catch {
      // Shown by the client.
    } finally {
      setApprovingId(null);
    }
  };

  return (
    <>
      <PageHeader
        title={t('pending.title')}
        extra={<Button icon={<ReloadOutlined />} onClick={grants.reload} aria-label={t('common.refresh')} />}
      />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<PendingGrant>
          rowKey="id"
          loading={grants.isLoading}
          dataSource={grants.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('pending.empty') }}
          columns={[
            {
              title: t('pending.user'),
              key: 'user',
              render: (_value, grant) => `${grant.displayName}（${grant.username}）`,
            },
            { title: t('pending.office'), dataIndex: 'officeName' },
            {
              title: t('pending.role'),
              key: 'role',
              render: (_value, grant) => (
                <>
                  <Tag color="red">{pickLabel(ROLE_LABELS[grant.role], locale)}</Tag>
                  {grant.isPrincipal ? <Tag color="gold">{t('grant.principal')}</Tag> : null}
                </>
              ),
            },
            { title: t('pending.requestedBy'), key: 'by', render: (_value, grant) => grant.requestedByName ?? '—' },
            {
              title: t('pending.requestedAt'),
              key: 'at',
              render: (_value, grant) => formatDateTime(grant.createdAt, locale),
            },
            {
              title: t('users.actions'),
              key: 'actions',
              width: 150,
              render: (_value, grant) => (
                <Space size={4}>
                  <Popconfirm
                    title={t('pending.approveConfirm')}
                    okText={t('common.ok')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => void handleApprove(grant)}
                  >
                    <Button type="primary" size="small" loading={approvingId === grant.id}>
                      {t('pending.approve')}
                    </Button>
                  </Popconfirm>
                  <Button size="small" danger onClick={() => setRejecting(grant)}>
                    {t('pending.reject')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <PendingResetsCard />
      {rejecting === null ? null : (
        <RejectGrantModal
          grant={rejecting}
          onClose={() => setRejecting(null)}
          onRejected={() => {
            setRejecting(null);
            grants.reload();
          }}
        />
      )}
    </>
  );
}
