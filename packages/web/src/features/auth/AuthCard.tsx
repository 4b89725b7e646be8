import { Card } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import styles from './auth.module.css';

/** The frame of every sign-in step: product name, the step's title and form, the language switch. */
export function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className={styles.page}>
      <div className={styles.language}>
        <LanguageSwitch />
      </div>
      <div className={styles.brand}>
        <div className={styles.seal} aria-hidden="true">
          正名
        </div>
        <div>
          <div className={styles.productName}>{t('app.name')}</div>
          <div className={styles.subtitle}>{t('app.subtitle')}</div>
        </div>
      </div>
      <Card className={styles.card}>
        {/* A plain heading: Ant Design's Typography would add ~30 KB (gzip) to the first page. */}
        <h1 className={styles.title}>{title}</h1>
        {children}
      </Card>
      {footer === undefined ? null : <div className={styles.footer}>{footer}</div>}
    </div>
  );
}
