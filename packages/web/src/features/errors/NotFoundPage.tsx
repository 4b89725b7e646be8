import { Button, Result } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { navigate } from '../../router/router';

/** Unknown paths, and pages the active office's roles do not open (the two look the same). */
export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      subTitle={t('notFound.body')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('notFound.home')}
        </Button>
      }
    />
  );
}
