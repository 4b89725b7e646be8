import { Alert, Button } from 'antd';
import type { SignInStep } from '@zhengming/contracts';
import { lazy, Suspense } from 'react';
import { useI18n } from '../../i18n/i18n';
import { PageSpin } from '../../layout/PageSpin';
import { useSession, type SignedOutReason } from '../../app/session';
import { AuthCard } from './AuthCard';
import { ChangePasswordForm } from './ChangePasswordForm';
import { SignInForm } from './SignInForm';
import { TotpVerify } from './TotpVerify';

// Enrolment happens once per user and needs the copyable secret (Ant Design Typography): load it when needed.
const TotpEnrolment = lazy(() => import('./TotpEnrolment'));

/** The sign-in page and the steps that follow it: password change, TOTP enrolment, TOTP code. */
export default function AuthFlow({ step, reason }: { step: SignInStep | null; reason: SignedOutReason | null }) {
  const { t } = useI18n();
  const { applySession, signOut, signInPassword } = useSession();
  const cancel = (
    <Button type="link" onClick={() => void signOut()}>
      {t('signIn.cancel')}
    </Button>
  );
  switch (step) {
    case null:
      return (
        <AuthCard title={t('signIn.title')} footer={t('signIn.notice')}>
          {reason === 'expired' ? (
            <Alert type="warning" showIcon title={t('error.sessionExpired')} style={{ marginBottom: 16 }} />
          ) : null}
          {reason === 'signed-out' ? (
            <Alert type="success" showIcon title={t('layout.signedOut')} style={{ marginBottom: 16 }} />
          ) : null}
          <SignInForm
            onSignedIn={(session, password) => {
              signInPassword.current = session.step === 'password_change' ? password : null;
              applySession(session);
            }}
          />
        </AuthCard>
      );
    case 'password_change':
      return (
        <AuthCard title={t('password.title')} footer={cancel}>
          <Alert type="info" showIcon title={t('password.firstTime')} style={{ marginBottom: 16 }} />
          <ChangePasswordForm knownCurrentPassword={signInPassword.current} onChanged={applySession} />
        </AuthCard>
      );
    case 'totp_enrolment':
      return (
        <AuthCard title={t('totp.enrolTitle')} footer={cancel}>
          <Suspense fallback={<PageSpin />}>
            <TotpEnrolment onEnrolled={applySession} />
          </Suspense>
        </AuthCard>
      );
    case 'totp':
      return (
        <AuthCard title={t('totp.verifyTitle')} footer={cancel}>
          <TotpVerify onVerified={applySession} />
        </AuthCard>
      );
  }
}
