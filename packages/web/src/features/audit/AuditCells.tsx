import { Tooltip, Typography } from 'antd';
import {
  ROLE_LABELS,
  auditActionLabel,
  describeAuditDetails,
  type AuditTarget,
  type ReadableAuditEntry,
} from '@zhengming/contracts';
import { useI18n } from '../../i18n/i18n';

const MONO = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 12 };

/** The first 8 characters of an id or hash; the whole value is in the tooltip. */
export function ShortId({ value }: { value: string }) {
  return (
    <span title={value} style={MONO}>
      {value.slice(0, 8)}
    </span>
  );
}

/**
 * The action's name in the UI language, its code on hover. A stored row with a code no version writes (forged or
 * foreign) shows its code.
 */
export function ActionName({ action }: { action: string }) {
  const { locale } = useI18n();
  return (
    <Tooltip title={action}>
      <span data-action={action}>{auditActionLabel(action, locale === 'en' ? 'en' : 'zh')}</span>
    </Tooltip>
  );
}

/** The actor's display name with its username beneath; the operator or the system when no user acted. */
export function ActorName({ entry }: { entry: ReadableAuditEntry }) {
  const { t } = useI18n();
  if (entry.actorId === null) {
    const operator = entry.details.operator;
    return <span>{typeof operator === 'string' ? `CLI ${operator}` : t('audit.systemChain')}</span>;
  }
  if (entry.actorDisplayName === null) {
    return <ShortId value={entry.actorId} />;
  }
  return (
    <div style={{ lineHeight: 1.3 }} title={entry.actorId}>
      <div>{entry.actorDisplayName}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {entry.actorName}
      </Typography.Text>
    </div>
  );
}

function TargetName({ target }: { target: AuditTarget }) {
  const { t, locale } = useI18n();
  const language = locale === 'en' ? 'en' : 'zh';
  switch (target.kind) {
    case 'user':
      return <span title={`${target.username ?? ''} ${target.id}`}>{target.name}</span>;
    case 'office':
      return <span title={target.id}>{target.name}</span>;
    case 'grant':
      return (
        <span title={target.id}>
          {t('audit.grantTarget', {
            name: target.name ?? '',
            role: target.role === undefined ? '' : ROLE_LABELS[target.role][language],
          })}
        </span>
      );
    case 'unknown':
      return <ShortId value={target.id} />;
  }
}

/** The entry's targets by name, one a line. */
export function TargetList({ targets }: { targets: readonly AuditTarget[] }) {
  if (targets.length === 0) {
    return <>—</>;
  }
  return (
    <div style={{ lineHeight: 1.4 }}>
      {targets.map((target) => (
        <div key={target.id}>
          <TargetName target={target} />
        </div>
      ))}
    </div>
  );
}

/** The entry's details as a labelled list in the UI language (unknown keys under their own name). */
export function DetailsList({ entry }: { entry: ReadableAuditEntry }) {
  const { locale } = useI18n();
  const lines = describeAuditDetails(entry.details, locale === 'en' ? 'en' : 'zh', entry.names);
  if (lines.length === 0) {
    return <>—</>;
  }
  return (
    <div style={{ fontSize: 12, lineHeight: 1.5 }}>
      {lines.map((line) => (
        <div key={line.key}>
          <Typography.Text type="secondary">{line.label}：</Typography.Text>
          <span>{line.value}</span>
        </div>
      ))}
    </div>
  );
}
