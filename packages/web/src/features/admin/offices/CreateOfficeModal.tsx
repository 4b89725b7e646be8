import { App, Form, Input, Select } from 'antd';
import { LIMITS, OFFICE_LEVEL_LABELS, OFFICE_LEVELS, type Office, type OfficeLevel } from '@zhengming/contracts';
import { useApi } from '../../../api/api-context';
import { pickLabel, useI18n } from '../../../i18n/i18n';
import { characterLimit } from '../../../components/character-limit';
import { FormModal } from '../../../components/FormModal';

interface CreateOfficeValues {
  name: string;
  level: OfficeLevel;
}

/** Name and administrative level of a new office under `parent`. */
export function CreateOfficeModal({
  parent,
  onClose,
  onCreated,
}: {
  parent: Office;
  onClose: () => void;
  onCreated: (office: Office) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { endpoints } = useApi();
  const [form] = Form.useForm<CreateOfficeValues>();

  const handleSubmit = async (values: CreateOfficeValues) => {
    const office = await endpoints.createOffice({
      parentId: parent.id,
      name: values.name.trim(),
      level: values.level,
    });
    void message.success(t('offices.created', { name: office.name }));
    onCreated(office);
  };

  return (
    <FormModal
      form={form}
      name="create-office"
      title={t('offices.createTitle', { parent: parent.name })}
      okText={t('common.create')}
      onSubmit={handleSubmit}
      onClose={onClose}
    >
      <Form.Item
        name="name"
        label={t('offices.name')}
        rules={[{ required: true, whitespace: true, message: t('offices.nameRequired') }]}
      >
        <Input count={characterLimit(LIMITS.officeNameMaxLength)} autoFocus />
      </Form.Item>
      <Form.Item
        name="level"
        label={t('offices.level')}
        rules={[{ required: true, message: t('offices.levelRequired') }]}
      >
        <Select
          options={OFFICE_LEVELS.map((level) => ({
            value: level,
            label: pickLabel(OFFICE_LEVEL_LABELS[level], locale),
          }))}
        />
      </Form.Item>
    </FormModal>
  );
}
