import { DownloadOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import {
  formatShanghaiTime,
  type AuditLogPage,
  type AuditVerifyResult,
  type ReadableAuditEntry,
} from '@zhengming/contracts';
import { useState } from 'react';
import { auditExportUrl, type AuditEntriesQuery } from '../../api/audit.endpoints';
import { useApi } from '../../api/api-context';
import { useQuery } from '../../api/use-query';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/PageHeader';
import { ActionName, ActorName, DetailsList, ShortId, TargetList } from './AuditCells';
import { AuditFilterBar } from './AuditFilterBar';

const PAGE_SIZE = 50;

/**
 * 审计日志: the entries of the chains the auditor may read, filtered (person, actions, office, dates, reads),
 * with names and readable details; older pages load on with the cursor; the same filters export to XLSX.
 */
export default function AuditPage() {
  const { t, locale } = useI18n();
  const { endpoints } = useApi();
  const [filters, setFilters] = useState<AuditEntriesQuery>({});
  const filterKey = JSON.stringify(filters);
  const options = useQuery(() => endpoints.auditFilterOptions(), 'audit-filter-options');
  const first = useQuery(() => endpoints.listAuditEntries(filters, PAGE_SIZE), `audit-entries:${filterKey}`);
  /** Older pages loaded on for the current filters (dropped when the filters change). */
  const [more, setMore] = useState<{ key: string; pages: AuditLogPage[] }>({ key: filterKey, pages: [] });
  const [isLoadingMore, setLoadingMore] = useState(false);
  const [verification, setVerification] = useState<AuditVerifyResult | null>(null);
  const [isVerifying, setVerifying] = useState(false);

  const loaded = more.key === filterKey ? more.pages : [];
  const pages = first.data === undefined ? [] : [first.data, ...loaded];
  const entries = pages.flatMap((page) => page.entries);
  const nextCursor = pages.at(-1)?.nextCursor ?? null;

  const handleLoadMore = async () => {
    if (nextCursor === null) {
      return;
    }
    setLoadingMore(true);
    try {
      const page = await endpoints.listAuditEntries(filters, PAGE_SIZE, nextCursor);
      setMore({ key: filterKey, pages: [...loaded, page] });
    } catch {
      // The client has shown the error.
    } finally {
      setLoadingMore(false);
    }
  };

  const handleVerify = async () => {
    setVerifying(true);
    try {
      setVerification(await endpoints.verifyAudit());
    } catch {
      setVerification(null);
    } finally {
      setVerifying(false);
    }
  };

  const reload = () => {
    setMore({ key: filterKey, pages: [] });
    first.reload();
  };

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={reload}>
              {t('audit.refresh')}
            </Button>
            <Button icon={<DownloadOutlined />} href={auditExportUrl(filters, locale === 'en' ? 'en' : 'zh')}>
              {t('audit.export')}
            </Button>
            <Button
              type="primary"
              icon={<SafetyCertificateOutlined />}
              loading={isVerifying}
              onClick={() => void handleVerify()}
            >
              {t('audit.verify')}
            </Button>
          </>
        }
      />
      {verification === null ? null : <VerificationResult result={verification} />}
      <Card
        title={t('audit.latest')}
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('audit.timeZone')}
          </Typography.Text>
        }
        styles={{ body: { padding: 0 } }}
      >
        <AuditFilterBar options={options.data} value={filters} onChange={setFilters} />
        <Table<ReadableAuditEntry>
          rowKey={(entry) => `${entry.chainId}:${entry.seq}`}
          loading={first.isLoading}
          dataSource={entries}
          pagination={false}
          locale={{ emptyText: t('audit.empty') }}
          scroll={{ x: 1200 }}
          size="small"
          tableLayout="fixed"
          columns={[
            {
              title: t('audit.at'),
              key: 'at',
              width: 160,
              render: (_value, entry) => <span title={entry.at}>{formatShanghaiTime(entry.at)}</span>,
            },
            {
              title: t('audit.chain'),
              key: 'chain',
              width: 140,
              render: (_value, entry) =>
                entry.chainId === 'system' ? (
                  t('audit.systemChain')
                ) : entry.officeName === null ? (
                  <ShortId value={entry.chainId} />
                ) : (
                  <span title={entry.chainId}>{entry.officeName}</span>
                ),
            },
            { title: t('audit.seq'), dataIndex: 'seq', width: 64, align: 'right' },
            {
              title: t('audit.actor'),
              key: 'actor',
              width: 130,
              render: (_value, entry) => <ActorName entry={entry} />,
            },
            {
              title: t('audit.action'),
              key: 'action',
              width: 170,
              render: (_value, entry) => <ActionName action={entry.action} />,
            },
            {
              title: t('audit.targets'),
              key: 'targets',
              width: 170,
              render: (_value, entry) => <TargetList targets={entry.targets} />,
            },
            {
              title: t('audit.details'),
              key: 'details',
              render: (_value, entry) => <DetailsList entry={entry} />,
            },
            {
              title: t('audit.hash'),
              key: 'hash',
              width: 90,
              render: (_value, entry) => <ShortId value={entry.hash} />,
            },
          ]}
        />
        <Space style={{ padding: 12 }}>
          <Typography.Text type="secondary">{t('audit.count', { count: entries.length })}</Typography.Text>
          {nextCursor === null ? null : (
            <Button loading={isLoadingMore} onClick={() => void handleLoadMore()}>
              {t('audit.loadMore')}
            </Button>
          )}
        </Space>
      </Card>
    </>
  );
}

function VerificationResult({ result }: { result: AuditVerifyResult }) {
  const { t } = useI18n();
  const entries = result.chains.reduce((sum, chain) => sum + chain.entries, 0);
  const broken = result.chains.filter((chain) => !chain.ok);
  return result.ok ? (
    <Alert
      type="success"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('audit.verifyOk', { chains: result.chains.length, entries })}
    />
  ) : (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('audit.verifyBroken', { broken: broken.length + result.truncated.length })}
      description={[
        ...broken.map(
          (chain) =>
            `${chain.officeName ?? chain.chainId} #${chain.firstBroken?.seq ?? '?'} ${chain.firstBroken?.reason ?? ''}`,
        ),
        ...result.truncated.map((chain) => `${chain.chainId} #${chain.expectedSeq} ${chain.reason}`),
      ].join('；')}
    />
  );
}
