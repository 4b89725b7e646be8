import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { LIMITS, type SessionResponse } from '@zhengming/contracts';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import type { ApiError } from '../../api/client';
import { useI18n } from '../../i18n/i18n';

interface SignInValues {
  username: string;
  password: string;
}

/** Username and password; the server answers with the session and its next step. */
export function SignInForm({ onSignedIn }: { onSignedIn: (session: SessionResponse, password: string) => void }) {
  const { t } = useI18n();
  const { endpoints } = useApi();
  const [error, setError] = useState<ApiError | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);

  const handleFinish = async (values: SignInValues) => {
    setSubmitting(true);
    setError(null);
    try {
      const session = await endpoints.signIn({ username: values.username.trim(), password: values.password });
      onSignedIn(session, values.password);
    } catch (caught) {
      setError(caught as ApiError);
      setSubmitting(false);
    }
  };

  return (
    <Form<SignInValues>
      name="sign-in"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => void handleFinish(values)}
      size="large"
    >
      {error === null ? null : <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
      <Form.Item
        name="username"
        label={t('signIn.username')}
        rules={[{ required: true, whitespace: true, message: t('signIn.usernameRequired') }]}
      >
        <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={LIMITS.signInUsernameMaxLength} />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('signIn.password')}
        rules={[{ required: true, message: t('signIn.passwordRequired') }]}
      >
        <Input.Password
          prefix={<LockOutlined />}
          autoComplete="current-password"
          maxLength={LIMITS.passwordMaxLength}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={isSubmitting}>
        {t('signIn.submit')}
      </Button>
    </Form>
  );
}
