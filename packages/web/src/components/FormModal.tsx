import { Form, Modal, type FormInstance, type FormProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * A modal with one vertical form whose OK button submits it. While `onSubmit` runs the button spins; when it
 * throws (the API client has already shown the error) the form stays open for another try.
 */
export function FormModal<Values>({
  form,
  name,
  title,
  okText,
  isDanger = false,
  initialValues,
  intro,
  onSubmit,
  onClose,
  children,
}: {
  form: FormInstance<Values>;
  /** The form's name (antd prefixes field ids with it). */
  name: string;
  title: ReactNode;
  okText: string;
  isDanger?: boolean;
  initialValues?: FormProps<Values>['initialValues'];
  /** Shown above the form. */
  intro?: ReactNode;
  onSubmit: (values: Values) => Promise<void>;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [isSubmitting, setSubmitting] = useState(false);

  const handleFinish = async (values: Values) => {
    setSubmitting(true);
    try {
      await onSubmit(values);
    } catch {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      okText={okText}
      okButtonProps={isDanger ? { danger: true } : undefined}
      cancelText={t('common.cancel')}
      confirmLoading={isSubmitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {intro}
      <Form<Values>
        form={form}
        name={name}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void handleFinish(values)}
      >
        {children}
      </Form>
    </Modal>
  );
}
