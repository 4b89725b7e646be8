import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import { APPROVAL_STATUS_LABELS, type Approval, type ApprovalStatus } from '@zhengming/contracts';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { useQuery } from '../../api/use-query';
import { pickLabel, useI18n } from '../../i18n/i18n';
import { formatDateTime } from '../../util/format';
import { ApprovalReasonCell, kindAndItemColumns } from './approval-cells';

const STATUS_COLORS: Record<ApprovalStatus, string> = {
  pending: 'processing',
  approved: 'success',
  returned: 'error',
  withdrawn: 'default',
};

/**
 * 我提请的审批: the signed-in user's own proposals (a supervisor's reveal requests, an intake officer's passing
 * up …) with their status, who decided and when (or the external approval recorded), and the decision's reasons;
 * a pending one may be withdrawn.
 */
export function MyProposals() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { endpoints } = useApi();
  const proposals = useQuery(() => endpoints.listMyProposals(), 'my-proposals');
  const [withdrawingId, setWithdrawingId] = useState<string | null>(null);

  const handleWithdraw = async (approval: Approval) => {
    setWithdrawingId(approval.id);
    try {
      await endpoints.withdrawApproval(approval.id);
      void message.success(t('approvals.withdrawn'));
      proposals.reload();
    } catch {
      // Shown by the client.
    } finally {
      setWithdrawingId(null);
    }
  };

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        <Button icon={<ReloadOutlined />} onClick={proposals.reload} aria-label={t('common.refresh')} />
      </Flex>
      <Table<Approval>
        rowKey="id"
        loading={proposals.isLoading}
        dataSource={proposals.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('approvals.mineEmpty') }}
        columns={[
          ...kindAndItemColumns(t),
          {
            title: t('approvals.proposal'),
            key: 'proposal',
            width: 180,
            render: (_value, approval) => (
              <>
                {approval.officeName}
                <br />
                <Typography.Text type="secondary">{formatDateTime(approval.proposedAt, locale)}</Typography.Text>
              </>
            ),
          },
          {
            title: t('approvals.reason'),
            key: 'reason',
            render: (_value, approval) => <ApprovalReasonCell approval={approval} />,
          },
          {
            title: t('approvals.status'),
            key: 'status',
            width: 100,
            render: (_value, approval) => (
              <Tag color={STATUS_COLORS[approval.status]}>
                {pickLabel(APPROVAL_STATUS_LABELS[approval.status], locale)}
              </Tag>
            ),
          },
          {
            title: t('approvals.decision'),
            key: 'decision',
            render: (_value, approval) => <DecisionCell approval={approval} />,
          },
          {
            title: t('approvals.actions'),
            key: 'actions',
            width: 80,
            render: (_value, approval) =>
              approval.status === 'pending' ? (
                <Popconfirm
                  title={t('approvals.withdrawConfirm')}
                  okText={t('approvals.withdraw')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => void handleWithdraw(approval)}
                >
                  <Button size="small" loading={withdrawingId === approval.id}>
                    {t('approvals.withdraw')}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </>
  );
}

/** Who decided and when (an approver in the system, or the external approval as recorded), and their reasons. */
function DecisionCell({ approval }: { approval: Approval }) {
  const { t, locale } = useI18n();
  const { decidedBy, decidedAt, external, decisionReason } = approval;
  return (
    <>
      {external === undefined ? null : (
        <div>
          {t('approvals.externalBy', {
            name: external.approverName,
            position: external.approverPosition,
            date: external.date,
            document: external.document,
          })}
        </div>
      )}
      {external === undefined && decidedBy !== undefined ? <div>{decidedBy.displayName}</div> : null}
      {external === undefined && decidedAt !== undefined ? (
        <Typography.Text type="secondary">{formatDateTime(decidedAt, locale)}</Typography.Text>
      ) : null}
      {decisionReason === undefined || decisionReason === '' ? null : (
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{decisionReason}</Typography.Paragraph>
      )}
    </>
  );
}
