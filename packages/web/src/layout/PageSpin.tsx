import { Spin } from 'antd';
import { useI18n } from '../i18n/i18n';

/** The spinner shown while a page's code loads. */
export function PageSpin() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 64, textAlign: 'center' }}>
      <Spin description={t('app.loading')} />
    </div>
  );
}
