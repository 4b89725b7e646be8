import { Layout, Menu } from 'antd';
import { Suspense } from 'react';
import { useSignedInSession } from '../app/session';
import NotFoundPage from '../features/errors/NotFoundPage';
import { useI18n } from '../i18n/i18n';
import { navigate, usePath } from '../router/router';
import { PageSpin } from './PageSpin';
import { HeaderBar } from './HeaderBar';
import { canOpen, findPage, PAGES } from './pages';
import styles from './layout.module.css';

/** Header (product, office switcher, language, user menu), a side menu by role, and the current page. */
export default function MainLayout() {
  const { t } = useI18n();
  const session = useSignedInSession();
  const path = usePath();
  const roles = session.memberships.find((m) => m.officeId === session.activeOfficeId)?.roles ?? [];
  const page = findPage(path, roles);
  const menuItems = PAGES.filter((entry) => entry.isInMenu && canOpen(entry, roles)).map((entry) => ({
    key: entry.path,
    icon: entry.icon,
    label: t(entry.labelKey),
  }));
  const PageComponent = page?.component;

  return (
    <Layout className={styles.root}>
      <HeaderBar />
      <Layout>
        <Layout.Sider width={212} breakpoint="lg" collapsedWidth={0} className={styles.sider} theme="light">
          <nav aria-label={t('app.name')}>
            <Menu
              mode="inline"
              selectedKeys={page === undefined ? [] : [page.menuPath ?? page.path]}
              items={menuItems}
              onClick={({ key }) => navigate(key)}
              className={styles.menu}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content className={styles.content}>
          {/* Keyed by office: switching offices remounts the page, so it reloads and never shows the other's data. */}
          <main key={session.activeOfficeId ?? 'none'} className={styles.main}>
            <Suspense fallback={<PageSpin />}>
              {PageComponent === undefined || page === undefined ? (
                <NotFoundPage />
              ) : (
                // Keyed by path: another complaint's page starts afresh instead of showing the previous one's state.
                <PageComponent key={path} labelKey={page.labelKey} />
              )}
            </Suspense>
          </main>
          <footer className={styles.footer}>{t('layout.footer')}</footer>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
