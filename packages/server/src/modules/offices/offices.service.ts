import type { CreateOfficeInput, Office, OfficeLevel, OfficeRelation, OfficeId } from '@zhengming/contracts';
import { findOfficePaths } from '../../access/access.repository.js';
import { isInScope, resolveAdminScope, scopePath } from '../../access/admin-scope.js';
import { auditActorDetails, auditActorId, type Actor } from '../../access/actor.js';
import { parentPathOf, relationOf } from '../../access/matrix.js';
import { appendAudit, type AuditWriter } from '../../audit/audit.js';
import type { OfficeRow } from '../../db/database.js';
import { conflict, forbidden, notFound, type AppError } from '../../errors.js';
import {
  findChildByName,
  findOfficesByName,
  findRootOffice,
  insertOffice,
  isUniqueViolation,
  listOffices,
  listOfficesOfMember,
  lockOfficeById,
} from './offices.repository.js';
import type { Clock, Db } from '../../deps.js';
import { newOfficeId } from '../../db/ids.js';

export interface OfficeServiceDeps {
  db: Db;
  clock: Clock;
  audit: AuditWriter;
}

const toIso = (value: Date | string): string => new Date(value).toISOString();

/** The API shape of an office row. */
export function presentOffice(row: OfficeRow): Office {
  return { id: row.id, parentId: row.parent_id, name: row.name, level: row.level, createdAt: toIso(row.created_at) };
}

const officeNameTaken = (name: string): AppError => conflict(`office ${name}`, '同一上级机关下已有同名机关。');

/**
 * The office tree (docs/ACCESS.md): the operator creates the root; an `admin` creates offices inside the
 * subtree of its active office and sees only that subtree; everyone else sees the offices they belong to.
 */
export class OfficeService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly audit: AuditWriter;

  constructor({ db, clock, audit }: OfficeServiceDeps) {
    this.db = db;
    this.clock = clock;
    this.audit = audit;
  }

  /** Creates the root office (operator only, once). */
  async createRootOffice(actor: Actor, input: { name: string; level: OfficeLevel }): Promise<Office> {
    if (actor.kind !== 'operator') {
      throw forbidden('only the operator creates the root office');
    }
    const id = newOfficeId();
    try {
      return await this.db.transaction().execute(async (trx) => {
        if ((await findRootOffice(trx)) !== undefined) {
          throw conflict('root office', '根机关已存在。');
        }
        const row = await insertOffice(trx, {
          id,
          parent_id: null,
          name: input.name,
          level: input.level,
          path: `/${id}/`,
          created_at: this.clock.now(),
        });
        await appendAudit(
          trx,
          {
            actorId: auditActorId(actor),
            officeIds: [id],
            action: 'office.root_created',
            targetIds: [id],
            details: { name: input.name, level: input.level, ...auditActorDetails(actor) },
          },
          this.audit,
        );
        return presentOffice(row);
      });
    } catch (error) {
      // The single-root index catches a concurrent second root.
      throw isUniqueViolation(error) ? conflict('root office', '根机关已存在。') : error;
    }
  }

  /** Creates an office under `parentId`, which must lie in the actor's scope; names are unique under a parent. */
  async createOffice(actor: Actor, input: CreateOfficeInput): Promise<Office> {
    const scope = await resolveAdminScope(this.db, actor);
    const id = newOfficeId();
    try {
      return await this.db.transaction().execute(async (trx) => {
        // Locking the parent serialises siblings being created under it (name uniqueness, audit order).
        const parent = await lockOfficeById(trx, input.parentId);
        if (parent === undefined || !isInScope(scope, parent.path)) {
          throw notFound('parent office');
        }
        if ((await findChildByName(trx, parent.id, input.name)) !== undefined) {
          throw officeNameTaken(input.name);
        }
        const row = await insertOffice(trx, {
          id,
          parent_id: parent.id,
          name: input.name,
          level: input.level,
          path: `${parent.path}${id}/`,
          created_at: this.clock.now(),
        });
        await appendAudit(
          trx,
          {
            actorId: auditActorId(actor),
            officeIds: [parent.id, id],
            action: 'office.created',
            targetIds: [id],
            details: { name: input.name, level: input.level, parentId: parent.id, ...auditActorDetails(actor) },
          },
          this.audit,
        );
        return presentOffice(row);
      });
    } catch (error) {
      throw isUniqueViolation(error) ? officeNameTaken(input.name) : error;
    }
  }

  /** The offices the actor may see: all (operator), the admin's subtree, or the user's own memberships. */
  async listOffices(actor: Actor): Promise<Office[]> {
    if (actor.kind === 'user' && !actor.activeRoles.includes('admin')) {
      return (await listOfficesOfMember(this.db, actor.userId)).map(presentOffice);
    }
    const scope = await resolveAdminScope(this.db, actor);
    return (await listOffices(this.db, scopePath(scope))).map(presentOffice);
  }

  /** One office the actor may see (as listOffices); otherwise not found. */
  async getOffice(actor: Actor, officeId: OfficeId): Promise<Office> {
    const visible = await this.listOffices(actor);
    const office = visible.find((o) => o.id === officeId);
    if (office === undefined) {
      throw notFound('office');
    }
    return office;
  }

  /**
   * The office of that name, for the CLI (which runs as the operator); null when none. Names are unique only
   * under one parent, so a name held twice is refused and the caller names the office by id.
   */
  async findOfficeByName(name: string): Promise<Office | null> {
    const rows = await findOfficesByName(this.db, name);
    if (rows.length > 1) {
      throw conflict(`office name ${name} (${rows.length} offices)`, '有多个同名机关，请使用机关编号。');
    }
    const row = rows[0];
    return row === undefined ? null : presentOffice(row);
  }

  /** Where the item's office stands relative to the active office (own, child, deeper, parent, sibling, none). */
  async relationBetween(activeOfficeId: OfficeId, itemOfficeId: OfficeId): Promise<OfficeRelation> {
    const paths = await findOfficePaths(this.db, [activeOfficeId, itemOfficeId]);
    const activePath = paths.get(activeOfficeId);
    const itemPath = paths.get(itemOfficeId);
    if (activePath === undefined || itemPath === undefined) {
      throw notFound('office');
    }
    return relationOf(activePath, parentPathOf(activePath), itemPath);
  }
}
