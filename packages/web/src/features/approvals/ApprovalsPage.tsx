import { Tabs, Typography } from 'antd';
import { useSignedInSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { PageHeader } from '../../layout/PageHeader';
import { ApprovalInbox } from './ApprovalInbox';
import { MyProposals } from './MyProposals';

/**
 * 待审批事项: a leader's inbox of approvals to decide (reveals, passing up, routing), each showing who proposed it
 * (four eyes), and for every content role the proposals they made themselves, which they may withdraw while pending.
 */
export default function ApprovalsPage() {
  const { t } = useI18n();
  const session = useSignedInSession();
  const roles = session.memberships.find((m) => m.officeId === session.activeOfficeId)?.roles ?? [];
  const isApprover = roles.includes('leader');
  const mine = { key: 'mine', label: t('approvals.tabMine'), children: <MyProposals /> };

  return (
    <>
      <PageHeader title={t('approvals.title')} />
      <Typography.Paragraph type="secondary">{t('approvals.help')}</Typography.Paragraph>
      <Tabs
        items={
          isApprover ? [{ key: 'inbox', label: t('approvals.tabInbox'), children: <ApprovalInbox /> }, mine] : [mine]
        }
      />
    </>
  );
}
