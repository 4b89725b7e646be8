import { App, Card } from 'antd';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/PageHeader';
import { ChangePasswordForm } from './ChangePasswordForm';

/** Changing one's own password from the user menu. */
export default function AccountPasswordPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { applySession } = useSession();
  return (
    <>
      <PageHeader title={t('password.title')} />
      <Card style={{ maxWidth: 480 }}>
        <ChangePasswordForm
          knownCurrentPassword={null}
          onChanged={(session) => {
            applySession(session);
            void message.success(t('password.changed'));
          }}
        />
      </Card>
    </>
  );
}
