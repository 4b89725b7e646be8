import { Form, Input } from 'antd';
import { LIMITS, type User } from '@zhengming/contracts';
import { useApi } from '../../../api/api-context';
import { useI18n } from '../../../i18n/i18n';
import { characterLimit } from '../../../components/character-limit';
import { FormModal } from '../../../components/FormModal';

interface CreateUserValues {
  username: string;
  displayName: string;
}

/** Username and name of a new user; the server answers with a one-time password. */
export function CreateUserModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (user: User, oneTimePassword: string) => void;
}) {
  const { t } = useI18n();
  const { endpoints } = useApi();
  const [form] = Form.useForm<CreateUserValues>();

  const handleSubmit = async (values: CreateUserValues) => {
    const created = await endpoints.createUser({
      username: values.username.trim().toLowerCase(),
      displayName: values.displayName.trim(),
    });
    onCreated(created.user, created.oneTimePassword);
  };

  return (
    <FormModal
      form={form}
      name="create-user"
      title={t('users.create')}
      okText={t('common.create')}
      onSubmit={handleSubmit}
      onClose={onClose}
    >
      <Form.Item
        name="username"
        label={t('users.username')}
        extra={t('users.usernameHelp')}
        normalize={(value: string) => value.toLowerCase()}
        rules={[
          { required: true, message: t('users.usernameInvalid') },
          { pattern: LIMITS.usernamePattern, message: t('users.usernameInvalid') },
        ]}
      >
        <Input autoComplete="off" maxLength={LIMITS.usernameMaxLength} autoFocus />
      </Form.Item>
      <Form.Item
        name="displayName"
        label={t('users.displayName')}
        rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
      >
        <Input autoComplete="off" count={characterLimit(LIMITS.displayNameMaxLength)} />
      </Form.Item>
    </FormModal>
  );
}
