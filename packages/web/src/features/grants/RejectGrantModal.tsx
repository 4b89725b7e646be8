import { App, Form, Input, Typography } from 'antd';
import { LIMITS, ROLE_LABELS, type PendingGrant } from '@zhengming/contracts';
import { useApi } from '../../api/api-context';
import { pickLabel, useI18n } from '../../i18n/i18n';
import { characterLimit } from '../../components/character-limit';
import { FormModal } from '../../components/FormModal';

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
  const grantLabel = `${grant.officeName} · ${pickLabel(ROLE_LABELS[grant.role], locale)}${
    grant.isPrincipal ? `（${t('grant.principal')}）` : ''
  }`;

  const handleSubmit = async (values: RejectGrantValues) => {
    const reason = values.reason?.trim() ?? '';
    await endpoints.rejectGrant(grant.id, reason === '' ? {} : { reason });
    void message.success(t('pending.rejected'));
    onRejected();
  };

  return (
    <FormModal
      form={form}
      name="reject-grant"
      title={t('pending.rejectTitle', { name: grant.displayName })}
      okText={t('pending.reject')}
      isDanger
      intro={<Typography.Paragraph>{t('pending.rejectGrant', { grant: grantLabel })}</Typography.Paragraph>}
      onSubmit={handleSubmit}
      onClose={onClose}
    >
      <Form.Item
        name="reason"
        label={t('pending.rejectReason')}
        extra={t('pending.rejectReasonHelp', { max: LIMITS.grantRejectReasonMaxLength })}
      >
        <Input.TextArea rows={3} count={characterLimit(LIMITS.grantRejectReasonMaxLength)} showCount />
      </Form.Item>
    </FormModal>
  );
}
