import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useSession, useSignedInSession } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../router/router';

/** The signed-in user's name, with change password and sign out. */
export function UserMenu() {
  const { t } = useI18n();
  const { signOut } = useSession();
  const session = useSignedInSession();

  const handleSignOut = async () => {
    await signOut();
    navigate('/', { replace: true });
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'password', icon: <KeyOutlined />, label: t('layout.changePassword') },
          { type: 'divider' },
          { key: 'sign-out', icon: <LogoutOutlined />, label: t('layout.signOut'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'password') {
            navigate('/account/password');
          } else if (key === 'sign-out') {
            void handleSignOut();
          }
        },
      }}
    >
      <Button type="text" icon={<UserOutlined />} aria-label={t('layout.userMenu')}>
        {session.user.displayName}
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}
