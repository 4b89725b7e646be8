import { App as AntApp, ConfigProvider } from 'antd';
import type { Locale as AntLocale } from 'antd/es/locale';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { I18nProvider, useI18n } from '../i18n/i18n';
import { ErrorBoundary } from '../features/errors/ErrorBoundary';
import { AppGate } from './AppGate';
import { SessionProvider } from './session';
import { theme } from './theme';

/** The root: language, Ant Design configuration, error boundary, session. */
export function App() {
  return (
    <I18nProvider>
      <LocalisedAntd />
    </I18nProvider>
  );
}

function LocalisedAntd() {
  const { locale } = useI18n();
  const [antLocale, setAntLocale] = useState<AntLocale>(zhCN);
  useEffect(() => {
    if (locale === 'zh-CN') {
      setAntLocale(zhCN);
      return;
    }
    // English is the second language: its Ant Design pack loads only when chosen.
    let isCurrent = true;
    void import('antd/locale/en_US').then((module) => {
      if (isCurrent) {
        setAntLocale(module.default);
      }
    });
    return () => {
      isCurrent = false;
    };
  }, [locale]);
  return (
    <ConfigProvider locale={antLocale} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <ErrorBoundary>
          <SessionProvider>
            <AppGate />
          </SessionProvider>
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}
