import { ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Table, Typography } from 'antd';
import { AUDIT_ACTIONS, isAuditAction, type AuditLogEntry, type AuditVerifyResult } from '@zhengming/contracts';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { useQuery } from '../../api/use-query';
import { pickLabel, useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/PageHeader';
import { formatDateTime } from '../../util/format';

/** 审计日志: the latest entries of the chains the auditor may read, and a check of every chain. */
export default function AuditPage() {
  const { t, locale } = useI18n();
  const { endpoints } = useApi();
  const entries = useQuery(() => endpoints.listAuditEntries(100), 'audit-entries');
  const [verification, setVerification] = useState<AuditVerifyResult | null>(null);
  const [isVerifying, setVerifying] = useState(false);

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

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={entries.reload}>
              {t('audit.refresh')}
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
      <Card title={t('audit.latest')} styles={{ body: { padding: 0 } }}>
        <Table<AuditLogEntry>
          rowKey={(entry) => `${entry.chainId}:${entry.seq}`}
          loading={entries.isLoading}
          dataSource={entries.data?.entries ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('audit.empty') }}
          scroll={{ x: 900 }}
          size="small"
          tableLayout="fixed"
          columns={[
            {
              title: t('audit.at'),
              key: 'at',
              width: 170,
              render: (_value, entry) => formatDateTime(entry.at, locale),
            },
            {
              title: t('audit.chain'),
              key: 'chain',
              width: 100,
              render: (_value, entry) =>
                entry.chainId === 'system' ? t('audit.systemChain') : <ShortId value={entry.chainId} />,
            },
            { title: t('audit.seq'), dataIndex: 'seq', width: 70, align: 'right' },
            {
              title: t('audit.action'),
              key: 'action',
              width: 230,
              render: (_value, entry) => <ActionName action={entry.action} />,
            },
            {
              title: t('audit.actor'),
              key: 'actor',
              width: 110,
              render: (_value, entry) =>
                entry.actorName ?? (entry.actorId === null ? '—' : <ShortId value={entry.actorId} />),
            },
            {
              title: t('audit.details'),
              key: 'details',
              ellipsis: { showTitle: true },
              render: (_value, entry) => (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {JSON.stringify(entry.details)}
                </Typography.Text>
              ),
            },
            {
              title: t('audit.hash'),
              key: 'hash',
              width: 100,
              render: (_value, entry) => <ShortId value={entry.hash} />,
            },
          ]}
        />
      </Card>
    </>
  );
}

/** The first 8 characters of an id or hash; the whole value is in the tooltip. */
function ShortId({ value }: { value: string }) {
  return (
    <span title={value} style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 12 }}>
      {value.slice(0, 8)}
    </span>
  );
}

/**
 * The action's name in the UI language with its code beneath. Every action the server writes has a name; a stored
 * row with any other code (forged or foreign) shows its code only.
 */
function ActionName({ action }: { action: string }) {
  const { locale } = useI18n();
  return (
    <div style={{ lineHeight: 1.3 }}>
      {isAuditAction(action) ? <div>{pickLabel(AUDIT_ACTIONS[action], locale)}</div> : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {action}
      </Typography.Text>
    </div>
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
