import { App, Space, Tag, Typography } from 'antd';
import { ROLE_LABELS, type RoleGrant } from '@zhengming/contracts';
import type { MouseEvent } from 'react';
import { useApi } from '../../../api/api-context';
import { pickLabel, useI18n } from '../../../i18n/i18n';

/**
 * A user's grants as tags: office · role, with pending grants marked 待领导审批. Revoked grants are left out.
 * Each tag can be revoked (after a confirmation) when `onRevoked` is given.
 */
export function GrantTags({ grants, onRevoked }: { grants: readonly RoleGrant[]; onRevoked?: () => void }) {
  const { t, locale } = useI18n();
  const { modal, message } = App.useApp();
  const { endpoints } = useApi();
  const shown = grants.filter((grant) => grant.status !== 'revoked');
  if (shown.length === 0) {
    return <Typography.Text type="secondary">{t('users.noGrants')}</Typography.Text>;
  }

  const labelOf = (grant: RoleGrant): string =>
    `${grant.officeName} · ${pickLabel(ROLE_LABELS[grant.role], locale)}${
      grant.isPrincipal ? `（${t('grant.principal')}）` : ''
    }`;

  const confirmRevoke = (grant: RoleGrant) => {
    void modal.confirm({
      title: t('grant.revokeConfirm', { grant: labelOf(grant) }),
      okText: t('grant.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await endpoints.revokeGrant(grant.id);
          void message.success(t('grant.revoked'));
          onRevoked?.();
        } catch {
          // Shown by the client.
        }
      },
    });
  };

  return (
    <Space size={[4, 4]} wrap>
      {shown.map((grant) => {
        const label = labelOf(grant);
        const closable =
          onRevoked === undefined
            ? {}
            : {
                closable: { 'aria-label': t('grant.revokeLabel', { grant: label }) },
                onClose: (event: MouseEvent) => {
                  // The tag stays until the server has revoked the grant.
                  event.preventDefault();
                  confirmRevoke(grant);
                },
              };
        return grant.status === 'pending' ? (
          <Tag key={grant.id} color="orange" variant="outlined" {...closable}>
            {label} · {t('users.pending')}
          </Tag>
        ) : (
          <Tag key={grant.id} color="blue" {...closable}>
            {label}
          </Tag>
        );
      })}
    </Space>
  );
}
