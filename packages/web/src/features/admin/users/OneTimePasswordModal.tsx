import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Space, Typography } from 'antd';
import { useI18n } from '../../../i18n/i18n';

/**
 * Shows a new or reset user's one-time password exactly once. It is never stored in the page afterwards:
 * closing the dialog drops it.
 */
export function OneTimePasswordModal({
  displayName,
  password,
  onClose,
}: {
  displayName: string;
  password: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();

  const handleCopy = async () => {
    try {
      await navigator.clipboard.writeText(password);
      void message.success(t('users.copied'));
    } catch {
      void message.warning(t('users.copyFailed'));
    }
  };

  return (
    <Modal
      open
      title={t('users.otpTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('users.otpClose')}
        </Button>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Text>{t('users.otpFor', { name: displayName })}</Typography.Text>
        <Space.Compact style={{ width: '100%' }}>
          <Typography.Text
            code
            data-testid="one-time-password"
            aria-label={t('users.otpTitle')}
            style={{
              flex: 1,
              fontSize: 18,
              padding: '6px 10px',
              margin: 0,
              display: 'flex',
              alignItems: 'center',
              userSelect: 'all',
            }}
          >
            {password}
          </Typography.Text>
          <Button icon={<CopyOutlined />} onClick={() => void handleCopy()}>
            {t('users.copy')}
          </Button>
        </Space.Compact>
        <Alert type="warning" showIcon title={t('users.otpWarning')} />
      </Space>
    </Modal>
  );
}
