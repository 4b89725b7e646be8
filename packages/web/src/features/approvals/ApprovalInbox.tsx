import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { LIMITS, type Approval } from '@zhengming/contracts';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { useQuery } from '../../api/use-query';
import { characterLimit } from '../../components/character-limit';
import { useI18n } from '../../i18n/i18n';
import { formatDateTime } from '../../util/format';
import { ApprovalReasonCell, kindAndItemColumns } from './approval-cells';
import { ReturnApprovalModal } from './ReturnApprovalModal';

/**
 * 待我审批: the pending approvals the leader may decide, oldest first, each with its proposer (never the leader
 * themself: the server leaves those out). 批准 takes an optional note in a small confirm; 退回 needs reasons.
 */
export function ApprovalInbox() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { endpoints } = useApi();
  const approvals = useQuery(() => endpoints.listPendingApprovals(), 'pending-approvals');
  const [approvingId, setApprovingId] = useState<string | null>(null);
  const [approveNote, setApproveNote] = useState('');
  const [returning, setReturning] = useState<Approval | null>(null);

  const handleApprove = async (approval: Approval) => {
    setApprovingId(approval.id);
    const reason = approveNote.trim();
    try {
      await endpoints.approveApproval(approval.id, reason === '' ? {} : { reason });
      void message.success(t('approvals.approved'));
      approvals.reload();
    } catch {
      // Shown by the client (SELF_APPROVAL, a decision made meanwhile …).
    } finally {
      setApprovingId(null);
    }
  };

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        <Button icon={<ReloadOutlined />} onClick={approvals.reload} aria-label={t('common.refresh')} />
      </Flex>
      <Table<Approval>
        rowKey="id"
        loading={approvals.isLoading}
        dataSource={approvals.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('approvals.empty') }}
        columns={[
          ...kindAndItemColumns(t),
          { title: t('approvals.office'), dataIndex: 'officeName', width: 130 },
          {
            title: t('approvals.proposal'),
            key: 'proposal',
            width: 180,
            render: (_value, approval) => (
              <>
                {t('approvals.proposedBy', { name: approval.proposedBy.displayName })}
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
            title: t('approvals.actions'),
            key: 'actions',
            width: 140,
            render: (_value, approval) => (
              <Space size={4}>
                <Popconfirm
                  title={t('approvals.approveConfirm')}
                  description={
                    <Input.TextArea
                      aria-label={t('approvals.approveNote')}
                      placeholder={t('approvals.approveNote')}
                      value={approveNote}
                      onChange={(event) => setApproveNote(event.target.value)}
                      rows={2}
                      count={characterLimit(LIMITS.approvalReasonMaxLength)}
                      style={{ width: 260, marginTop: 4 }}
                    />
                  }
                  okText={t('approvals.approve')}
                  cancelText={t('common.cancel')}
                  onOpenChange={(isOpen) => {
                    if (isOpen) {
                      setApproveNote('');
                    }
                  }}
                  onConfirm={() => void handleApprove(approval)}
                >
                  <Button type="primary" size="small" loading={approvingId === approval.id}>
                    {t('approvals.approve')}
                  </Button>
                </Popconfirm>
                <Button
                  size="small"
                  danger
                  disabled={approvingId === approval.id}
                  onClick={() => setReturning(approval)}
                >
                  {t('approvals.return')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {returning === null ? null : (
        <ReturnApprovalModal
          approval={returning}
          onClose={() => setReturning(null)}
          onReturned={() => {
            setReturning(null);
            approvals.reload();
          }}
        />
      )}
    </>
  );
}
