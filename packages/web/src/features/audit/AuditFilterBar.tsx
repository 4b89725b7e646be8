import { DatePicker, Select, Space, Switch, TreeSelect, Typography } from 'antd';
import { AUDIT_ACTIONS, AUDIT_ACTION_CODES, type AuditFilterOptions } from '@zhengming/contracts';
import { useMemo } from 'react';
import type { AuditEntriesQuery } from '../../api/audit.endpoints';
import { pickLabel, useI18n } from '../../i18n/i18n';

interface OfficeNode {
  title: string;
  value: string;
  children: OfficeNode[];
}

/** The offices as a tree (parents before children, as the API lists them), the system chain first when readable. */
function officeTree(options: AuditFilterOptions, systemLabel: string): OfficeNode[] {
  const nodes = new Map<string, OfficeNode>();
  const roots: OfficeNode[] = [];
  for (const office of options.offices) {
    const node: OfficeNode = { title: office.name, value: office.id, children: [] };
    nodes.set(office.id, node);
    const parent = office.parentId === null ? undefined : nodes.get(office.parentId);
    (parent === undefined ? roots : parent.children).push(node);
  }
  return options.hasSystemChain ? [{ title: systemLabel, value: 'system', children: [] }, ...roots] : roots;
}

/** 审计日志的筛选栏: person, actions, office (chain), dates (Asia/Shanghai), and whether reads are shown. */
export function AuditFilterBar({
  options,
  value,
  onChange,
}: {
  options: AuditFilterOptions | undefined;
  value: AuditEntriesQuery;
  onChange: (next: AuditEntriesQuery) => void;
}) {
  const { t, locale } = useI18n();
  const tree = useMemo(() => (options === undefined ? [] : officeTree(options, t('audit.systemChain'))), [options, t]);
  const [fromLabel = '', toLabel = ''] = t('audit.filterDates').split('|');
  return (
    <Space wrap style={{ padding: 12 }} data-testid="audit-filters">
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: 200 }}
        placeholder={t('audit.filterActor')}
        aria-label={t('audit.filterActor')}
        value={value.actorId}
        onChange={(actorId?: string) => onChange({ ...value, actorId })}
        options={(options?.people ?? []).map((person) => ({
          value: person.id,
          label: `${person.displayName}（${person.username}）`,
        }))}
      />
      <Select
        mode="multiple"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        style={{ minWidth: 260, maxWidth: 480 }}
        placeholder={t('audit.filterAction')}
        aria-label={t('audit.filterAction')}
        value={[...(value.actions ?? [])]}
        onChange={(actions: string[]) => onChange({ ...value, actions })}
        options={AUDIT_ACTION_CODES.map((code) => ({ value: code, label: pickLabel(AUDIT_ACTIONS[code], locale) }))}
      />
      <TreeSelect
        allowClear
        treeDefaultExpandAll
        style={{ width: 220 }}
        placeholder={t('audit.filterOffice')}
        aria-label={t('audit.filterOffice')}
        value={value.officeId}
        onChange={(officeId?: string) => onChange({ ...value, officeId })}
        treeData={tree}
      />
      <DatePicker.RangePicker
        allowEmpty={[true, true]}
        placeholder={[fromLabel, toLabel]}
        onChange={(_dates, [from, to]) =>
          onChange({ ...value, from: from === '' ? undefined : from, to: to === '' ? undefined : to })
        }
      />
      <Space>
        <Switch
          size="small"
          aria-label={t('audit.showReads')}
          checked={value.includeReads === true}
          onChange={(includeReads) => onChange({ ...value, includeReads })}
        />
        <Typography.Text>{t('audit.showReads')}</Typography.Text>
      </Space>
    </Space>
  );
}
