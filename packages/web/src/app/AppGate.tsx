import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useI18n } from '../i18n/i18n';
import { useSession } from './session';

const AuthFlow = lazy(() => import('../features/auth/AuthFlow'));
const MainLayout = lazy(() => import('../layout/MainLayout'));

/** Shows the sign-in steps until the session is complete, then the main layout. */
export function AppGate() {
  const { state } = useSession();
  let page: React.ReactNode;
  if (state.status === 'loading') {
    page = <FullPageSpin />;
  } else if (state.status === 'signed-out') {
    page = <AuthFlow step={null} reason={state.reason} />;
  } else if (state.session.step !== null) {
    page = <AuthFlow step={state.session.step} reason={null} />;
  } else {
    page = <MainLayout />;
  }
  return <Suspense fallback={<FullPageSpin />}>{page}</Suspense>;
}

/** A centred spinner while the session or a page's code loads. */
export function FullPageSpin() {
  const { t } = useI18n();
  return (
    <div style={{ display: 'flex', minHeight: '100vh', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" description={t('app.loading')} />
    </div>
  );
}
