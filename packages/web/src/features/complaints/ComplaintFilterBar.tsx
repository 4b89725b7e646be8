import { Button, Input, Select, Space, Typography } from 'antd';
import { CHANNELS, CHANNEL_LABELS, COMPLAINT_STATUSES, COMPLAINT_STATUS_LABELS } from '@zhengming/contracts';
import type { ComplaintFilters } from '../../api/complaints.endpoints';
import { pickLabel, useI18n } from '../../i18n/i18n';

/** 检举控告列表的筛选栏: channel, status, real-name or anonymous, received dates (China dates, inclusive). */
export function ComplaintFilterBar({
  value,
  onChange,
}: {
  value: ComplaintFilters;
  onChange: (next: ComplaintFilters) => void;
}) {
  const { t, locale } = useI18n();
  const dateOf = (text: string): string | undefined => (text === '' ? undefined : text);
  return (
    <Space wrap style={{ padding: 12 }} data-testid="complaint-filters">
      <Select
        allowClear
        style={{ width: 140 }}
        placeholder={t('complaints.filterChannel')}
        aria-label={t('complaints.filterChannel')}
        value={value.channel}
        onChange={(channel?: ComplaintFilters['channel']) => onChange({ ...value, channel })}
        options={CHANNELS.map((channel) => ({ value: channel, label: pickLabel(CHANNEL_LABELS[channel], locale) }))}
      />
      <Select
        allowClear
        style={{ width: 180 }}
        placeholder={t('complaints.filterStatus')}
        aria-label={t('complaints.filterStatus')}
        value={value.status}
        onChange={(status?: ComplaintFilters['status']) => onChange({ ...value, status })}
        options={COMPLAINT_STATUSES.map((status) => ({
          value: status,
          label: pickLabel(COMPLAINT_STATUS_LABELS[status], locale),
        }))}
      />
      <Select
        allowClear
        style={{ width: 150 }}
        placeholder={t('complaints.filterReporter')}
        aria-label={t('complaints.filterReporter')}
        value={value.reporterKind}
        onChange={(reporterKind?: ComplaintFilters['reporterKind']) => onChange({ ...value, reporterKind })}
        options={[
          { value: 'real_name', label: t('complaints.realName') },
          { value: 'anonymous', label: t('complaints.anonymous') },
        ]}
      />
      <Space size={4}>
        <Typography.Text type="secondary">{t('complaints.receivedDates')}</Typography.Text>
        <Input
          type="date"
          style={{ width: 150 }}
          aria-label={t('complaints.receivedFrom')}
          title={t('complaints.receivedFrom')}
          value={value.receivedFrom ?? ''}
          max={value.receivedTo}
          onChange={(event) => onChange({ ...value, receivedFrom: dateOf(event.target.value) })}
        />
        <span>–</span>
        <Input
          type="date"
          style={{ width: 150 }}
          aria-label={t('complaints.receivedTo')}
          title={t('complaints.receivedTo')}
          value={value.receivedTo ?? ''}
          min={value.receivedFrom}
          onChange={(event) => onChange({ ...value, receivedTo: dateOf(event.target.value) })}
        />
      </Space>
      <Button disabled={Object.values(value).every((item) => item === undefined)} onClick={() => onChange({})}>
        {t('complaints.clearFilters')}
      </Button>
    </Space>
  );
}
