import { App, Select } from 'antd';
import { OFFICE_LEVEL_LABELS, type OfficeMembership } from '@zhengming/contracts';
import { useState } from 'react';
import { useApi } from '../api/api-context';
import { useSession, useSignedInSession } from '../app/session';
import { pickLabel, useI18n } from '../i18n/i18n';
import { navigate } from '../router/router';
import { canOpen, findPage, PAGES } from './pages';
import styles from './layout.module.css';

/**
 * Chooses the active office among the user's memberships. Views never merge offices: the server switches the
 * session's office and every page reloads its data for the new one.
 */
export function OfficeSwitcher() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { endpoints } = useApi();
  const { applySession } = useSession();
  const session = useSignedInSession();
  const [isSwitching, setSwitching] = useState(false);

  const handleChange = async (officeId: string) => {
    setSwitching(true);
    try {
      const next = await endpoints.switchOffice(officeId);
      const roles = next.memberships.find((m) => m.officeId === next.activeOfficeId)?.roles ?? [];
      if (findPage(window.location.pathname, roles) === undefined) {
        navigate(PAGES.find((page) => canOpen(page, roles))?.path ?? '/', { replace: true });
      }
      applySession(next);
      const name = next.memberships.find((m) => m.officeId === next.activeOfficeId)?.officeName ?? '';
      void message.success(t('layout.switchedOffice', { name }));
    } catch {
      // The client has shown why; the session keeps its office.
    } finally {
      setSwitching(false);
    }
  };

  const labelOf = (membership: OfficeMembership): string =>
    `${membership.officeName} · ${pickLabel(OFFICE_LEVEL_LABELS[membership.level], locale)}`;
  const active = session.memberships.find((m) => m.officeId === session.activeOfficeId);

  if (session.memberships.length < 2) {
    // Nothing to switch to: the office is shown as text, readable on the dark header.
    return (
      <div className={styles.officeSwitcher}>
        <span>{t('layout.officeSwitcher')}</span>
        <span className={styles.officeName} data-testid="active-office">
          {active === undefined ? t('layout.noOffice') : labelOf(active)}
        </span>
      </div>
    );
  }
  return (
    <div className={styles.officeSwitcher}>
      <label htmlFor="office-switcher">{t('layout.officeSwitcher')}</label>
      <Select
        id="office-switcher"
        value={session.activeOfficeId ?? undefined}
        placeholder={t('layout.noOffice')}
        loading={isSwitching}
        style={{ minWidth: 240 }}
        onChange={(officeId: string) => void handleChange(officeId)}
        options={session.memberships.map((m) => ({ value: m.officeId, label: labelOf(m) }))}
        popupMatchSelectWidth={false}
      />
    </div>
  );
}
