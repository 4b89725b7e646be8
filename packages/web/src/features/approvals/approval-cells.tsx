import { Tag, Typography, type TableColumnsType } from 'antd';

import { APPROVAL_KIND_LABELS, APPROVAL_ITEM_TYPE_LABELS, type Approval } from '@zhengming/contracts';
import { pickLabel, useI18n } from '../../i18n/i18n';
import { Link } from '../../router/router';

/** The hours a reveal asks for (its payload), or undefined for other kinds. */
export function revealHours(approval: Approval): number | undefined {
  const hours = approval.payload.hours;
  return approval.kind === 'identity_reveal' && typeof hours === 'number' ? hours : undefined;
}

/** The kind of an approval as a tag, with a mark when only the principal may decide it. */
export function ApprovalKindCell({ approval }: { approval: Approval }) {
  const { t, locale } = useI18n();
  return (
    <>
      <Tag color={approval.kind === 'identity_reveal' ? 'red' : 'blue'}>
        {pickLabel(APPROVAL_KIND_LABELS[approval.kind], locale)}
      </Tag>
      {approval.requiresPrincipal ? <Tag color="gold">{t('approvals.principal')}</Tag> : null}
    </>
  );
}

/** The item's number (a safe label, never content), linking to the complaint for complaint items. */
export function ApprovalItemCell({ approval }: { approval: Approval }) {
  const { locale } = useI18n();
  return (
    <>
      {approval.itemType === 'complaint' ? (
        <Link to={`/complaints/${encodeURIComponent(approval.itemId)}`}>{approval.itemLabel}</Link>
      ) : (
        approval.itemLabel
      )}
      <br />
      <Typography.Text type="secondary">
        {pickLabel(APPROVAL_ITEM_TYPE_LABELS[approval.itemType], locale)}
      </Typography.Text>
    </>
  );
}

/** The proposal's reasons, and for a reveal the duration it asks for. */
export function ApprovalReasonCell({ approval }: { approval: Approval }) {
  const { t } = useI18n();
  const hours = revealHours(approval);
  return (
    <>
      <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{approval.reason}</Typography.Paragraph>
      {hours === undefined ? null : (
        <Typography.Text type="secondary">{t('approvals.hours', { hours })}</Typography.Text>
      )}
    </>
  );
}

/** The first two columns of both approval tables: the kind, and the item it is about. */
export function kindAndItemColumns(t: ReturnType<typeof useI18n>['t']): TableColumnsType<Approval> {
  return [
    {
      title: t('approvals.kind'),
      key: 'kind',
      width: 150,
      render: (_value, approval) => <ApprovalKindCell approval={approval} />,
    },
    {
      title: t('approvals.item'),
      key: 'item',
      width: 200,
      render: (_value, approval) => <ApprovalItemCell approval={approval} />,
    },
  ];
}
