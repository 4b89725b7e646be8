import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { ROLE_LABELS, type AccountResetRequest } from '@zhengming/contracts';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { useQuery } from '../../api/use-query';
import { pickLabel, useI18n } from '../../i18n/i18n';
import { formatDateTime } from '../../util/format';

/**
 * 待审批的账号重置: an admin's requests to reset an account holding a content role or auditor, which a leader of
 * the account's office or above (not the account's owner, not the admin) approves or rejects.
 */
export function PendingResetsCard() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { endpoints } = useApi();
  const resets = useQuery(() => endpoints.listPendingResets(), 'pending-resets');
  const [busyId, setBusyId] = useState<string | null>(null);

  const decide = async (request: AccountResetRequest, decision: 'approve' | 'reject') => {
    setBusyId(request.id);
    try {
      if (decision === 'approve') {
        await endpoints.approveReset(request.id);
        void message.success(t('pending.approved'));
      } else {
        await endpoints.rejectReset(request.id, {});
        void message.success(t('pending.rejected'));
      }
      resets.reload();
    } catch {
      // Shown by the client.
    } finally {
      setBusyId(null);
    }
  };

  return (
    <Card title={t('resets.title')} style={{ marginTop: 16 }} styles={{ body: { padding: 0 } }}>
      <Typography.Paragraph type="secondary" style={{ margin: '12px 16px' }}>
        {t('resets.help')}
      </Typography.Paragraph>
      <Table<AccountResetRequest>
        rowKey="id"
        loading={resets.isLoading}
        dataSource={resets.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('resets.empty') }}
        columns={[
          {
            title: t('resets.user'),
            key: 'user',
            render: (_value, request) => `${request.displayName}（${request.username}）`,
          },
          {
            title: t('resets.roles'),
            key: 'roles',
            render: (_value, request) =>
              request.roles.map((r) => (
                <Tag key={`${r.role}@${r.officeName}`} color="red">
                  {pickLabel(ROLE_LABELS[r.role], locale)} @ {r.officeName}
                </Tag>
              )),
          },
          { title: t('pending.requestedBy'), key: 'by', render: (_value, request) => request.requestedByName ?? '—' },
          {
            title: t('pending.requestedAt'),
            key: 'at',
            render: (_value, request) => formatDateTime(request.createdAt, locale),
          },
          {
            title: t('users.actions'),
            key: 'actions',
            width: 150,
            render: (_value, request) => (
              <Space size={4}>
                <Popconfirm
                  title={t('resets.approveConfirm')}
                  okText={t('common.ok')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => void decide(request, 'approve')}
                >
                  <Button type="primary" size="small" loading={busyId === request.id}>
                    {t('pending.approve')}
                  </Button>
                </Popconfirm>
                <Popconfirm
                  title={t('resets.rejectConfirm')}
                  okText={t('common.ok')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => void decide(request, 'reject')}
                >
                  <Button size="small" danger disabled={busyId === request.id}>
                    {t('pending.reject')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
