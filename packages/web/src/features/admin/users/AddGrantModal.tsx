import { Alert, App, Checkbox, Form, Select } from 'antd';
import {
  CONTENT_ROLES,
  OFFICE_LEVEL_LABELS,
  ROLE_LABELS,
  ROLES,
  type Office,
  type OfficeId,
  type Role,
  type User,
} from '@zhengming/contracts';
import { useApi } from '../../../api/api-context';
import { pickLabel, useI18n } from '../../../i18n/i18n';
import { FormModal } from '../../../components/FormModal';

interface AddGrantValues {
  officeId: OfficeId;
  role: Role;
  isPrincipal: boolean;
}

/**
 * A role for a user in an office. Roles that open complaint content wait for a leader's approval (docs/ACCESS.md);
 * the server enforces the rules (no admin with a content role, no self-grant) and says why it refuses.
 */
export function AddGrantModal({
  user,
  offices,
  onClose,
  onGranted,
}: {
  user: User;
  offices: readonly Office[];
  onClose: () => void;
  onGranted: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { endpoints } = useApi();
  const [form] = Form.useForm<AddGrantValues>();
  const role = Form.useWatch('role', form);

  const handleSubmit = async (values: AddGrantValues) => {
    const grant = await endpoints.addGrant(user.id, {
      officeId: values.officeId,
      role: values.role,
      isPrincipal: values.role === 'leader' && values.isPrincipal,
    });
    void message.success(t(grant.status === 'pending' ? 'grant.createdPending' : 'grant.createdActive'));
    onGranted();
  };

  return (
    <FormModal
      form={form}
      name="add-grant"
      title={t('grant.title', { name: user.displayName })}
      okText={t('common.save')}
      initialValues={{ isPrincipal: false }}
      onSubmit={handleSubmit}
      onClose={onClose}
    >
      <Form.Item
        name="officeId"
        label={t('grant.office')}
        rules={[{ required: true, message: t('grant.officeRequired') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={offices.map((office) => ({
            value: office.id,
            label: `${office.name} · ${pickLabel(OFFICE_LEVEL_LABELS[office.level], locale)}`,
          }))}
        />
      </Form.Item>
      <Form.Item name="role" label={t('grant.role')} rules={[{ required: true, message: t('grant.roleRequired') }]}>
        <Select options={ROLES.map((value) => ({ value, label: pickLabel(ROLE_LABELS[value], locale) }))} />
      </Form.Item>
      <Form.Item name="isPrincipal" valuePropName="checked" extra={t('grant.principalHelp')}>
        <Checkbox disabled={role !== 'leader'}>{t('grant.principal')}</Checkbox>
      </Form.Item>
      {role !== undefined && CONTENT_ROLES.includes(role) ? (
        <Alert type="info" showIcon title={t('grant.contentNotice')} />
      ) : null}
    </FormModal>
  );
}
