import { Space, Tag, Typography } from 'antd';
import { ROLE_LABELS, type RoleGrant } from '@zhengming/contracts';
import { pickLabel, useI18n } from '../../../i18n/i18n';

/** A user's grants as tags: office · role, with pending grants marked 待领导审批. Revoked grants are left out. */
export function GrantTags({ grants }: { grants: readonly RoleGrant[] }) {
  const { t, locale } = useI18n();
  const shown = grants.filter((grant) => grant.status !== 'revoked');
  if (shown.length === 0) {
    return <Typography.Text type="secondary">{t('users.noGrants')}</Typography.Text>;
  }
  return (
    <Space size={[4, 4]} wrap>
      {shown.map((grant) => {
        const label = `${grant.officeName} · ${pickLabel(ROLE_LABELS[grant.role], locale)}${
          grant.isPrincipal ? `（${t('grant.principal')}）` : ''
        }`;
        return grant.status === 'pending' ? (
          <Tag key={grant.id} color="orange" variant="outlined">
            {label} · {t('users.pending')}
          </Tag>
        ) : (
          <Tag key={grant.id} color="blue">
            {label}
          </Tag>
        );
      })}
    </Space>
  );
}
