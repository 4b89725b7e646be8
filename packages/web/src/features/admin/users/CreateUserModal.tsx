import { Form, Input, Modal } from 'antd';
import { LIMITS, type User } from '@zhengming/contracts';
import { useState } from 'react';
import { useApi } from '../../../api/api-context';
import { useI18n } from '../../../i18n/i18n';

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
  const [isSubmitting, setSubmitting] = useState(false);

  const handleFinish = async (values: CreateUserValues) => {
    setSubmitting(true);
    try {
      const created = await endpoints.createUser({
        username: values.username.trim().toLowerCase(),
        displayName: values.displayName.trim(),
      });
      onCreated(created.user, created.oneTimePassword);
    } catch {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={t('users.create')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={isSubmitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<CreateUserValues>
        form={form}
        name="create-user"
        layout="vertical"
        onFinish={(values) => void handleFinish(values)}
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
          <Input autoComplete="off" maxLength={32} autoFocus />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
        >
          <Input autoComplete="off" maxLength={LIMITS.displayNameMaxLength} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
