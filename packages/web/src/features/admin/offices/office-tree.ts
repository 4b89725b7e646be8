import type { Office } from '@zhengming/contracts';

export interface OfficeNode {
  office: Office;
  children: OfficeNode[];
}

/**
 * Builds the tree of the offices an admin sees. Roots are offices whose parent is not in the list (the top of
 * the admin's subtree); siblings are sorted by name in Chinese collation order.
 */
export function buildOfficeTree(offices: readonly Office[]): OfficeNode[] {
  const nodes = new Map<string, OfficeNode>(offices.map((office) => [office.id, { office, children: [] }]));
  const roots: OfficeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.office.parentId === null ? undefined : nodes.get(node.office.parentId);
    if (parent === undefined) {
      roots.push(node);
    } else {
      parent.children.push(node);
    }
  }
  const collator = new Intl.Collator('zh-CN');
  const sort = (list: OfficeNode[]): OfficeNode[] => {
    list.sort((a, b) => collator.compare(a.office.name, b.office.name));
    list.forEach((node) => sort(node.children));
    return list;
  };
  return sort(roots);
}
