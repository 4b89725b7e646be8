import { Alert, Button, Form, Input } from 'antd';
import { LIMITS, type SessionResponse } from '@zhengming/contracts';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import type { ApiError } from '../../api/client';
import { useI18n } from '../../i18n/i18n';

interface ChangePasswordValues {
  currentPassword?: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * New password (at least LIMITS.passwordMinLength characters) typed twice. The server's reasons for refusing
 * one (common, breached, too similar) are listed under the form.
 */
export function ChangePasswordForm({
  knownCurrentPassword,
  onChanged,
}: {
  /** The password just typed at sign-in, so a forced change does not ask for it again. */
  knownCurrentPassword: string | null;
  onChanged: (session: SessionResponse) => void;
}) {
  const { t } = useI18n();
  const { endpoints } = useApi();
  const [form] = Form.useForm<ChangePasswordValues>();
  const [error, setError] = useState<ApiError | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);

  const handleFinish = async (values: ChangePasswordValues) => {
    setSubmitting(true);
    setError(null);
    try {
      const session = await endpoints.changePassword({
        currentPassword: knownCurrentPassword ?? values.currentPassword ?? '',
        newPassword: values.newPassword,
      });
      form.resetFields();
      setSubmitting(false);
      onChanged(session);
    } catch (caught) {
      setError(caught as ApiError);
      setSubmitting(false);
    }
  };

  return (
    <Form<ChangePasswordValues>
      form={form}
      name="change-password"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => void handleFinish(values)}
    >
      {knownCurrentPassword === null ? (
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('password.required') }]}
        >
          <Input.Password autoComplete="current-password" maxLength={LIMITS.passwordMaxLength} />
        </Form.Item>
      ) : null}
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.rule', { min: LIMITS.passwordMinLength })}
        rules={[
          { required: true, message: t('password.required') },
          { min: LIMITS.passwordMinLength, message: t('password.tooShort', { min: LIMITS.passwordMinLength }) },
          { max: LIMITS.passwordMaxLength, message: t('password.tooLong', { max: LIMITS.passwordMaxLength }) },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.required') },
          ({ getFieldValue }) => ({
            validator: (_rule, value) =>
              value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {error === null ? null : <ServerReasons error={error} />}
      <Button type="primary" htmlType="submit" block loading={isSubmitting}>
        {t('password.submit')}
      </Button>
    </Form>
  );
}

/** The server's message, or — when it lists reasons (WEAK_PASSWORD) — each reason on its own line. */
function ServerReasons({ error }: { error: ApiError }) {
  const { t } = useI18n();
  const reasons = error.details.map((detail) => detail.message);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={reasons.length === 0 ? error.message : t('password.serverReasons')}
      description={
        reasons.length === 0 ? undefined : (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )
      }
    />
  );
}
