import { Flex, Skeleton, Typography } from 'antd';
import type { SessionResponse } from '@zhengming/contracts';
import { useApi } from '../../api/api-context';
import { useQuery } from '../../api/use-query';
import { useI18n } from '../../i18n/i18n';
import { TotpCodeForm } from './TotpCodeForm';
import styles from './auth.module.css';

/** Shows the QR code and the secret of a new TOTP key, then confirms it with a first code. */
export default function TotpEnrolment({ onEnrolled }: { onEnrolled: (session: SessionResponse) => void }) {
  const { t } = useI18n();
  const { endpoints } = useApi();
  const enrolment = useQuery(() => endpoints.getTotpEnrolment(), 'totp-enrolment');

  return (
    <>
      <p className={styles.intro}>{t('totp.enrolIntro')}</p>
      {enrolment.data === undefined ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : (
        <Flex vertical align="center" gap={8} style={{ marginBottom: 20 }}>
          <img
            src={enrolment.data.qrDataUrl}
            alt={t('totp.qrAlt')}
            width={200}
            height={200}
            style={{ border: '1px solid #eee', borderRadius: 4 }}
          />
          <Typography.Text type="secondary" id="totp-secret-label">
            {t('totp.secret')}
          </Typography.Text>
          <Typography.Text
            code
            copyable={{ text: enrolment.data.secret }}
            aria-labelledby="totp-secret-label"
            data-testid="totp-secret"
            style={{ fontSize: 15, wordBreak: 'break-all', textAlign: 'center' }}
          >
            {/* Groups of four are easier to type into an authenticator app by hand. */}
            {enrolment.data.secret.replace(/(.{4})(?=.)/g, '$1 ')}
          </Typography.Text>
        </Flex>
      )}
      <TotpCodeForm
        name="totp-enrolment"
        submitLabel={t('totp.confirm')}
        onSubmit={async (code) => onEnrolled(await endpoints.confirmTotpEnrolment(code))}
      />
    </>
  );
}
