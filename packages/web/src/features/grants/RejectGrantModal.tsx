import { App, Form, Input, Modal, Typography } from 'antd';
import { LIMITS, ROLE_LABELS, type PendingGrant } from '@zhengming/contracts';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { pickLabel, useI18n } from '../../i18n/i18n';

interface RejectGrantValues {
  reason?: string;
}

/**
 * 驳回: a leader turns down a pending grant, optionally saying why. The grant ends revoked; the reason goes into
 * the audit log with the rejection.
 */
export function RejectGrantModal({
  grant,
  onClose,
  onRejected,
}: {
  grant: PendingGrant;
  onClose: () => void;
  onRejected: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { endpoints } = useApi();
  const [form] = Form.useForm<RejectGrantValues>();
  const [isSubmitting, setSubmitting] = useState(false);
  const grantLabel = `${grant.officeName} · ${pickLabel(ROLE_LABELS[grant.role], locale)}${
    grant.isPrincipal ? `（${t('grant.principal')}）` : ''
  }`;

  const handleFinish = async (values: RejectGrantValues) => {
    setSubmitting(true);
    const reason = values.reason?.trim() ?? '';
    try {
      await endpoints.rejectGrant(grant.id, reason === '' ? {} : { reason });
      void message.success(t('pending.rejected'));
      onRejected();
    } catch {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={t('pending.rejectTitle', { name: grant.displayName })}
      okText={t('pending.reject')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={isSubmitting}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('pending.rejectGrant', { grant: grantLabel })}</Typography.Paragraph>
      <Form<RejectGrantValues>
        form={form}
        name="reject-grant"
        layout="vertical"
        onFinish={(values) => void handleFinish(values)}
      >
        <Form.Item
          name="reason"
          label={t('pending.rejectReason')}
          extra={t('pending.rejectReasonHelp', { max: LIMITS.grantRejectReasonMaxLength })}
        >
          <Input.TextArea rows={3} maxLength={LIMITS.grantRejectReasonMaxLength} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
