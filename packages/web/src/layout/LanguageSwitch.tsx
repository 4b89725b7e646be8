import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/i18n';

/** Toggles between Chinese and English; the choice is remembered in this browser. */
export function LanguageSwitch({ isOnDark = false }: { isOnDark?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  const target = locale === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      aria-label={t('lang.switch')}
      title={t('lang.switch')}
      onClick={() => setLocale(target)}
      style={isOnDark ? { color: 'rgba(255,255,255,0.9)' } : undefined}
      lang={target}
    >
      {target === 'en' ? t('lang.en') : t('lang.zh')}
    </Button>
  );
}
