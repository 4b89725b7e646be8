import type { SessionResponse } from '@zhengming/contracts';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n';
import { TotpCodeForm } from './TotpCodeForm';
import styles from './auth.module.css';

/** The second factor at every sign-in after enrolment. */
export function TotpVerify({ onVerified }: { onVerified: (session: SessionResponse) => void }) {
  const { t } = useI18n();
  const { endpoints } = useApi();
  return (
    <>
      <p className={styles.intro}>{t('totp.verifyIntro')}</p>
      <TotpCodeForm
        name="totp-verify"
        submitLabel={t('totp.verify')}
        onSubmit={async (code) => onVerified(await endpoints.verifyTotp(code))}
      />
    </>
  );
}
