import { Alert, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { OFFICE_LEVEL_LABELS, ROLE_LABELS } from '@zhengming/contracts';
import { useSignedInSession } from '../../app/session';
import { pickLabel, useI18n } from '../../i18n/i18n';

/** Who you are and what you hold in the active office. */
export default function HomePage() {
  const { t, locale } = useI18n();
  const session = useSignedInSession();
  const membership = session.memberships.find((m) => m.officeId === session.activeOfficeId);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('home.welcome', { name: session.user.displayName })}
      </Typography.Title>
      {membership === undefined ? (
        <Alert type="info" showIcon title={t('home.noOffice')} />
      ) : (
        <Card>
          <Descriptions column={1} size="middle">
            <Descriptions.Item label={t('offices.name')}>{membership.officeName}</Descriptions.Item>
            <Descriptions.Item label={t('offices.level')}>
              {pickLabel(OFFICE_LEVEL_LABELS[membership.level], locale)}
            </Descriptions.Item>
            <Descriptions.Item label={t('home.roles')}>
              {membership.roles.length === 0 ? (
                t('home.noRoles')
              ) : (
                <Space size={[4, 4]} wrap>
                  {membership.roles.map((role) => (
                    <Tag key={role} color="red">
                      {pickLabel(ROLE_LABELS[role], locale)}
                    </Tag>
                  ))}
                  {membership.isPrincipal ? <Tag color="gold">{t('home.principal')}</Tag> : null}
                </Space>
              )}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </Space>
  );
}
