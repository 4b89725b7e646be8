import { Card, Empty } from 'antd';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { PageHeader } from '../../layout/PageHeader';

/** A menu entry whose feature arrives with the complaints module; it shows no data, real or fake. */
export default function PlaceholderPage({ labelKey }: { labelKey: MessageKey }) {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t(labelKey)} />
      <Card>
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <div style={{ fontWeight: 500, marginBottom: 4 }}>{t('placeholder.title')}</div>
              <div>{t('placeholder.body', { feature: t(labelKey) })}</div>
            </>
          }
        />
      </Card>
    </>
  );
}
