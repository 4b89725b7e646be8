import { Button, Result } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';

/** Catches rendering errors (and failed chunk loads) and shows a calm page instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { hasError: boolean }> {
  override state = { hasError: false };

  static getDerivedStateFromError(): { hasError: boolean } {
    return { hasError: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page crashed', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.hasError ? <CrashPage /> : this.props.children;
  }
}

/** The error boundary's page. */
export function CrashPage() {
  const { t } = useI18n();
  return (
    <Result
      status="500"
      title={t('crash.title')}
      subTitle={t('crash.body')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('crash.reload')}
        </Button>
      }
    />
  );
}
