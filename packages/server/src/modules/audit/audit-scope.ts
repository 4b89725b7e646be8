import type { OfficeId } from '@zhengming/contracts';
import type { Actor } from '../../access/actor.js';
import { SYSTEM_CHAIN } from '../../audit/audit-hash.js';
import { forbidden, notFound } from '../../errors.js';
import { findOfficeById, listOffices } from '../offices/offices.repository.js';
import type { OfficeRow } from '../../db/database.js';
import type { Db } from '../../deps.js';

/** The chains an auditor may read: its active office and every office below, plus `system` from a root office. */
export interface AuditScope {
  /** The chain where the auditor's own reads are recorded (null for the operator: the system chain). */
  recordIn: OfficeId | null;
  chainIds: string[];
  /** The offices of those chains, parents before children. */
  offices: OfficeRow[];
}

/**
 * Who reads which chains (docs/ACCESS.md: `auditor` sees the audit log only): an auditor the chains of its active
 * office's subtree, the system chain only from a root office, since its events belong to no office; the operator
 * (CLI) every chain.
 */
export async function resolveAuditScope(db: Db, actor: Actor): Promise<AuditScope> {
  if (actor.kind === 'operator') {
    const offices = await listOffices(db, null);
    return { recordIn: null, chainIds: [SYSTEM_CHAIN, ...offices.map((office) => office.id)], offices };
  }
  if (actor.activeOfficeId === null || !actor.activeRoles.includes('auditor')) {
    throw forbidden('only an auditor reads the audit log');
  }
  const active = await findOfficeById(db, actor.activeOfficeId);
  if (active === undefined) {
    throw notFound('active office');
  }
  const offices = await listOffices(db, active.path);
  const chainIds = offices.map((office) => office.id);
  return {
    recordIn: active.id,
    chainIds: active.parent_id === null ? [SYSTEM_CHAIN, ...chainIds] : chainIds,
    offices,
  };
}
