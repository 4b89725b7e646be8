import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Divider,
  Form,
  Input,
  Select,
  Skeleton,
  Space,
  Switch,
  Typography,
  type FormInstance,
} from 'antd';
import {
  DEFAULT_NUMBER_WORD,
  KEY_PERIOD_KIND_LABELS,
  KEY_PERIOD_KINDS,
  LIMITS,
  SHARED_ENDPOINT_KINDS,
  formatComplaintNumber,
  type KeyPeriodKind,
  type Office,
  type OfficeSettings,
  type SharedEndpointKind,
} from '@zhengming/contracts';
import { useEffect, useState } from 'react';
import { useApi } from '../../../api/api-context';
import { ApiError } from '../../../api/client';
import { useQuery } from '../../../api/use-query';
import { characterLimit } from '../../../components/character-limit';
import { pickLabel, useI18n } from '../../../i18n/i18n';
import { formatDateTime } from '../../../util/format';

interface SettingsFormValues {
  numberPrefix: string;
  numberWord: string;
  recordsOnlineIdentifiers: boolean;
  routingRequiresApproval: boolean;
  keyPeriods: { name: string; kind?: KeyPeriodKind; from: string; to: string; units?: string[] }[];
  sharedEndpoints: { kind: SharedEndpointKind; value: string; note?: string }[];
}

function toFormValues(settings: OfficeSettings): SettingsFormValues {
  return {
    numberPrefix: settings.numberPrefix,
    numberWord: settings.numberWord,
    recordsOnlineIdentifiers: settings.recordsOnlineIdentifiers,
    routingRequiresApproval: settings.routingRequiresApproval,
    keyPeriods: settings.keyPeriods.map((period) => ({ ...period, units: period.units ?? [] })),
    sharedEndpoints: settings.sharedEndpoints,
  };
}

/** A server field path (`keyPeriods.0.to`) as an antd name path (`['keyPeriods', 0, 'to']`). */
const toNamePath = (path: string): (string | number)[] =>
  path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * 机构设置 of one office, for its admin: complaint number prefix and word (with a sample number), key periods
 * (election windows), and whether the online channel records IP and device, minus the shared endpoints.
 */
export function OfficeSettingsCard({ office }: { office: Office }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { endpoints } = useApi();
  const settings = useQuery(() => endpoints.getOfficeSettings(office.id), `office-settings:${office.id}`);
  const [form] = Form.useForm<SettingsFormValues>();
  const [isSaving, setSaving] = useState(false);
  const prefix = Form.useWatch('numberPrefix', form) ?? '';
  const word = Form.useWatch('numberWord', form) ?? '';

  const handleSave = async (values: SettingsFormValues) => {
    setSaving(true);
    try {
      await endpoints.updateOfficeSettings(office.id, {
        numberPrefix: values.numberPrefix,
        numberWord: values.numberWord,
        recordsOnlineIdentifiers: values.recordsOnlineIdentifiers,
        routingRequiresApproval: values.routingRequiresApproval,
        keyPeriods: (values.keyPeriods ?? []).map(({ units, ...period }) => ({
          ...period,
          ...(units === undefined || units.length === 0 ? {} : { units }),
        })),
        sharedEndpoints: (values.sharedEndpoints ?? []).map((endpoint) => ({ ...endpoint, note: endpoint.note ?? '' })),
      });
      void message.success(t('officeSettings.saved', { name: office.name }));
      settings.reload();
    } catch (error) {
      // The client has shown the message; the fields the server named get theirs beside them.
      if (error instanceof ApiError) {
        // Paths come from the server as text, so the form is addressed without its value types here.
        const untyped: FormInstance = form;
        untyped.setFields(error.details.map((d) => ({ name: toNamePath(d.path), errors: [d.message] })));
      }
    } finally {
      setSaving(false);
    }
  };

  const data = settings.data;
  // The form instance outlives a remount of <Form>, whose initial values never overwrite values it holds: every new
  // answer (the settings just saved, normalised by the server) is put into the fields explicitly.
  useEffect(() => {
    if (data !== undefined && data.officeId === office.id) {
      form.setFieldsValue(toFormValues(data));
    }
  }, [data, form, office.id]);
  const sample =
    prefix.trim() === '' || word.trim() === ''
      ? '—'
      : formatComplaintNumber({ prefix: prefix.trim(), word: word.trim() }, new Date().getFullYear(), 12);
  const updated =
    data?.updatedAt == null
      ? t('officeSettings.neverSaved')
      : t('officeSettings.updated', {
          at: formatDateTime(data.updatedAt, locale),
          by: data.updatedBy ?? t('officeSettings.operator'),
        });

  return (
    <Card
      title={t('officeSettings.title')}
      style={{ marginTop: 16 }}
      extra={<Typography.Text type="secondary">{data === undefined ? null : updated}</Typography.Text>}
      data-testid="office-settings"
    >
      {data === undefined ? (
        <Skeleton active />
      ) : (
        <Form<SettingsFormValues>
          // A new answer (another office, or the settings just saved) starts the form afresh from it.
          key={`${data.officeId}:${data.updatedAt ?? ''}`}
          form={form}
          name="office-settings"
          layout="vertical"
          initialValues={toFormValues(data)}
          onFinish={(values) => void handleSave(values)}
        >
          <Typography.Title level={5}>{t('officeSettings.numbering')}</Typography.Title>
          <Space wrap align="start">
            <Form.Item
              name="numberPrefix"
              label={t('officeSettings.numberPrefix')}
              rules={[{ required: true, whitespace: true, message: t('officeSettings.numberPrefixRequired') }]}
            >
              <Input count={characterLimit(LIMITS.numberPrefixMaxLength)} style={{ width: 240 }} />
            </Form.Item>
            <Form.Item
              name="numberWord"
              label={t('officeSettings.numberWord')}
              rules={[{ required: true, whitespace: true, message: t('officeSettings.numberWordRequired') }]}
            >
              <Input
                count={characterLimit(LIMITS.numberWordMaxLength)}
                placeholder={DEFAULT_NUMBER_WORD}
                style={{ width: 120 }}
              />
            </Form.Item>
          </Space>
          <Typography.Paragraph type="secondary">{t('officeSettings.sample', { number: sample })}</Typography.Paragraph>

          <Divider />
          <Typography.Title level={5}>{t('officeSettings.keyPeriods')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('officeSettings.keyPeriodsHelp')}</Typography.Paragraph>
          <Form.List name="keyPeriods">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} wrap align="start" data-testid="key-period">
                    <Form.Item
                      name={[field.name, 'name']}
                      rules={[{ required: true, whitespace: true, message: t('officeSettings.periodNameRequired') }]}
                    >
                      <Input
                        placeholder={t('officeSettings.periodName')}
                        aria-label={t('officeSettings.periodName')}
                        count={characterLimit(LIMITS.keyPeriodNameMaxLength)}
                        style={{ width: 220 }}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'kind']}>
                      <Select
                        allowClear
                        placeholder={t('officeSettings.periodKind')}
                        aria-label={t('officeSettings.periodKind')}
                        style={{ width: 200 }}
                        options={KEY_PERIOD_KINDS.map((kind) => ({
                          value: kind,
                          label: pickLabel(KEY_PERIOD_KIND_LABELS[kind], locale),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'from']}
                      rules={[{ required: true, message: t('officeSettings.dateRequired') }]}
                    >
                      <Input type="date" aria-label={t('officeSettings.from')} style={{ width: 150 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'to']}
                      dependencies={[['keyPeriods', field.name, 'from']]}
                      rules={[
                        { required: true, message: t('officeSettings.dateRequired') },
                        ({ getFieldValue }) => ({
                          validator: async (_rule, to?: string) => {
                            const from: unknown = getFieldValue(['keyPeriods', field.name, 'from']);
                            if (typeof from === 'string' && to !== undefined && to !== '' && to < from) {
                              throw new Error(t('officeSettings.toBeforeFrom'));
                            }
                          },
                        }),
                      ]}
                    >
                      <Input type="date" aria-label={t('officeSettings.to')} style={{ width: 150 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'units']}>
                      <Select
                        mode="tags"
                        placeholder={t('officeSettings.units')}
                        aria-label={t('officeSettings.units')}
                        style={{ minWidth: 200 }}
                        maxCount={LIMITS.keyPeriodUnitsMax}
                        open={false}
                      />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('officeSettings.remove')}
                      onClick={() => remove(field.name)}
                    />
                  </Space>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  disabled={fields.length >= LIMITS.keyPeriodsMax}
                  onClick={() => add({ name: '', from: '', to: '', units: [] })}
                >
                  {t('officeSettings.addPeriod')}
                </Button>
              </>
            )}
          </Form.List>

          <Divider />
          <Form.Item
            name="routingRequiresApproval"
            label={t('officeSettings.routingRequiresApproval')}
            extra={t('officeSettings.routingRequiresApprovalHelp')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Divider />
          <Typography.Title level={5}>{t('officeSettings.online')}</Typography.Title>
          <Form.Item
            name="recordsOnlineIdentifiers"
            label={t('officeSettings.recordsOnlineIdentifiers')}
            extra={t('officeSettings.recordsOnlineIdentifiersHelp')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Typography.Text strong>{t('officeSettings.sharedEndpoints')}</Typography.Text>
          <Typography.Paragraph type="secondary">{t('officeSettings.sharedEndpointsHelp')}</Typography.Paragraph>
          <Form.List name="sharedEndpoints">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} wrap align="start" data-testid="shared-endpoint">
                    <Form.Item name={[field.name, 'kind']}>
                      <Select
                        aria-label={t('officeSettings.endpointKind')}
                        style={{ width: 120 }}
                        options={SHARED_ENDPOINT_KINDS.map((kind) => ({
                          value: kind,
                          label: t(kind === 'ip' ? 'officeSettings.kindIp' : 'officeSettings.kindDevice'),
                        }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'value']}
                      rules={[{ required: true, whitespace: true, message: t('officeSettings.endpointRequired') }]}
                    >
                      <Input
                        placeholder={t('officeSettings.endpointValue')}
                        aria-label={t('officeSettings.endpointValue')}
                        count={characterLimit(LIMITS.sharedEndpointValueMaxLength)}
                        style={{ width: 240 }}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'note']}>
                      <Input
                        placeholder={t('officeSettings.endpointNote')}
                        aria-label={t('officeSettings.endpointNote')}
                        count={characterLimit(LIMITS.sharedEndpointNoteMaxLength)}
                        style={{ width: 220 }}
                      />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('officeSettings.remove')}
                      onClick={() => remove(field.name)}
                    />
                  </Space>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  disabled={fields.length >= LIMITS.sharedEndpointsMax}
                  onClick={() => add({ kind: 'ip', value: '', note: '' })}
                >
                  {t('officeSettings.addEndpoint')}
                </Button>
              </>
            )}
          </Form.List>

          <Divider />
          <Space>
            <Button type="primary" htmlType="submit" loading={isSaving}>
              {t('common.save')}
            </Button>
            <Button onClick={() => form.resetFields()}>{t('officeSettings.reset')}</Button>
          </Space>
        </Form>
      )}
    </Card>
  );
}
