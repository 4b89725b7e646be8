import { Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';

/** One 6-digit code field and a submit button; `onSubmit` rejects when the server refused the code. */
export function TotpCodeForm({
  name,
  submitLabel,
  onSubmit,
}: {
  name: string;
  submitLabel: string;
  onSubmit: (code: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ code: string }>();
  const [isSubmitting, setSubmitting] = useState(false);

  const handleFinish = async ({ code }: { code: string }) => {
    setSubmitting(true);
    try {
      await onSubmit(code);
    } catch {
      // The client showed the server's message; let the user type the next code.
      form.setFieldValue('code', '');
      setSubmitting(false);
    }
  };

  return (
    <Form
      form={form}
      name={name}
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => void handleFinish(values)}
    >
      <Form.Item
        name="code"
        label={t('totp.code')}
        extra={t('totp.codeHelp')}
        normalize={(value: string) => value.replace(/\D/g, '').slice(0, 6)}
        rules={[{ required: true, pattern: /^\d{6}$/, message: t('totp.codeInvalid') }]}
      >
        <Input
          size="large"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          autoFocus
          style={{ letterSpacing: 6, fontSize: 20, textAlign: 'center' }}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={isSubmitting}>
        {submitLabel}
      </Button>
    </Form>
  );
}
