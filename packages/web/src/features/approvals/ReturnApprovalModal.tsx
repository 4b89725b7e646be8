import { App, Form, Input, Typography } from 'antd';
import { APPROVAL_KIND_LABELS, LIMITS, type Approval } from '@zhengming/contracts';
import { useApi } from '../../api/api-context';
import { characterLimit } from '../../components/character-limit';
import { FormModal } from '../../components/FormModal';
import { pickLabel, useI18n } from '../../i18n/i18n';

interface ReturnApprovalValues {
  reason: string;
}

/**
 * 退回: an approver sends a proposal back with reasons (required: 退回须说明理由), which the proposer sees and the
 * audit log records.
 */
export function ReturnApprovalModal({
  approval,
  onClose,
  onReturned,
}: {
  approval: Approval;
  onClose: () => void;
  onReturned: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { endpoints } = useApi();
  const [form] = Form.useForm<ReturnApprovalValues>();

  const handleSubmit = async (values: ReturnApprovalValues) => {
    await endpoints.returnApproval(approval.id, { reason: values.reason.trim() });
    void message.success(t('approvals.returned'));
    onReturned();
  };

  return (
    <FormModal
      form={form}
      name="return-approval"
      title={t('approvals.returnTitle', { kind: pickLabel(APPROVAL_KIND_LABELS[approval.kind], locale) })}
      okText={t('approvals.return')}
      isDanger
      intro={
        <Typography.Paragraph>
          {t('approvals.returnIntro', {
            item: approval.itemLabel,
            name: approval.proposedBy.displayName,
            reason: approval.reason,
          })}
        </Typography.Paragraph>
      }
      onSubmit={handleSubmit}
      onClose={onClose}
    >
      <Form.Item
        name="reason"
        label={t('approvals.returnReason')}
        extra={t('approvals.returnReasonHelp', { max: LIMITS.approvalReasonMaxLength })}
        rules={[{ required: true, whitespace: true, message: t('approvals.returnReasonRequired') }]}
      >
        <Input.TextArea rows={3} count={characterLimit(LIMITS.approvalReasonMaxLength)} showCount />
      </Form.Item>
    </FormModal>
  );
}
