import { App, Button, Popconfirm, Space } from 'antd';
import type { User } from '@zhengming/contracts';
import { useApi } from '../../../api/api-context';
import { useI18n } from '../../../i18n/i18n';

/**
 * The row actions of a user: add grant, reset password, and disable — or, for a disabled user, re-enable
 * (each of the last ones asks first).
 */
export function UserActions({
  user,
  onChanged,
  onAddGrant,
  onPasswordReset,
}: {
  user: User;
  onChanged: () => void;
  onAddGrant: () => void;
  onPasswordReset: (oneTimePassword: string) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { endpoints } = useApi();

  const handleDisable = async () => {
    try {
      await endpoints.disableUser(user.id);
      void message.success(t('users.disabledDone', { name: user.displayName }));
      onChanged();
    } catch {
      // Shown by the client.
    }
  };

  const handleEnable = async () => {
    try {
      await endpoints.enableUser(user.id);
      void message.success(t('users.enabledDone', { name: user.displayName }));
      onChanged();
    } catch {
      // Shown by the client.
    }
  };

  const handleReset = async () => {
    try {
      const result = await endpoints.resetUser(user.id);
      if ('oneTimePassword' in result) {
        onPasswordReset(result.oneTimePassword);
      } else if (result.resetRequest.status === 'approved') {
        void message.info(t('users.resetApprovedForOther', { name: result.resetRequest.requestedByName ?? '—' }));
      } else {
        void message.info(t('users.resetPending', { name: user.displayName }));
      }
      onChanged();
    } catch {
      // Shown by the client.
    }
  };

  return (
    <Space size={0} wrap>
      <Button type="link" size="small" onClick={onAddGrant} disabled={user.isDisabled}>
        {t('users.addGrant')}
      </Button>
      <Popconfirm
        title={t('users.resetConfirm', { name: user.displayName })}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
        onConfirm={() => void handleReset()}
        disabled={user.isDisabled}
      >
        <Button type="link" size="small" disabled={user.isDisabled}>
          {t('users.reset')}
        </Button>
      </Popconfirm>
      {user.isDisabled ? (
        <Popconfirm
          title={t('users.enableConfirm', { name: user.displayName })}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          onConfirm={() => void handleEnable()}
        >
          <Button type="link" size="small">
            {t('users.enable')}
          </Button>
        </Popconfirm>
      ) : (
        <Popconfirm
          title={t('users.disableConfirm', { name: user.displayName })}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() => void handleDisable()}
        >
          <Button type="link" size="small" danger>
            {t('users.disable')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
