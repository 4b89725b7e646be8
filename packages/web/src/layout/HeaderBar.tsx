import { Layout } from 'antd';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { OfficeSwitcher } from './OfficeSwitcher';
import { UserMenu } from './UserMenu';
import styles from './layout.module.css';

/** The top bar: product name, active office, language and the user's menu. */
export function HeaderBar() {
  const { t } = useI18n();
  return (
    <Layout.Header className={styles.header}>
      <div className={styles.brand}>
        <span className={styles.seal}>正名</span>
        <span className={styles.subtitle}>{t('app.subtitle')}</span>
      </div>
      <OfficeSwitcher />
      <div className={styles.spacer} />
      <div className={styles.headerActions}>
        <LanguageSwitch isOnDark />
        <UserMenu />
      </div>
    </Layout.Header>
  );
}
