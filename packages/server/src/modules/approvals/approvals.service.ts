import {
  APPROVAL_KINDS,
  type Approval,
  type ApprovalId,
  type ApprovalItemType,
  type ApprovalKind,
  type ApproverKind,
  type OfficeId,
  type RecordExternalApprovalInput,
  type Role,
  type UserId,
} from '@zhengming/contracts';
import { findOfficePaths } from '../../access/access.repository.js';
import { appendActorAudit, type Actor } from '../../access/actor.js';
import type { AuditWriter } from '../../audit/audit.js';
import type { ApprovalRow } from '../../db/database.js';
import { newApprovalId } from '../../db/ids.js';
import type { Db } from '../../deps.js';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../errors.js';
import { presentApproval } from './approvals.presenters.js';
import {
  findApproval,
  findApprovalRow,
  findLatestApproved,
  findPendingProposal,
  holdsActiveGrant,
  insertApproval,
  listApprovalsOfItem,
  listApprovalsProposedBy,
  listDecidableApprovals,
  lockApproval,
  updateApproval,
  type ApprovalView,
} from './approvals.repository.js';

/*
 * One approval primitive for every consequential step (principle 5; docs/ARCHITECTURE.md, "Approvals"). A module
 * proposes inside its own transaction; an approver who is not the proposer and holds the required role in the
 * approval's office or an ancestor (in an active grant, checked in the database) approves or returns it; the
 * kind's effect runs through the handler its module registered in app.ts, in the decision's transaction, with the
 * status change and the audit entry. Steps the rules give to someone outside the system are recorded instead.
 */

export type { ApprovalRow } from '../../db/database.js';

/**
 * The roles that open the inbox and the decision routes (their route policy). An internal approval must require
 * one of them, or no one could ever decide it; a kind that needs another role widens this list.
 */
export const APPROVER_ROLES: readonly Role[] = ['leader'];

/** The effect of a kind, registered by the module that owns the kind (app.ts passes them to the routes). */
export interface ApprovalHandler {
  /** Carries out the approved step, in the decision's transaction (the approval row is already `approved`). */
  onApproved(trx: Db, approval: ApprovalRow, approver: Actor): Promise<void>;
  /** Reacts to a return, in the decision's transaction (the row is already `returned`); nothing by default. */
  onReturned?(trx: Db, approval: ApprovalRow, approver: Actor): Promise<void>;
  /** Whether someone other than the proposer or an eligible approver may see the approval (e.g. the item's team). */
  canView?(db: Db, actor: Actor, approval: ApprovalRow): Promise<boolean>;
  /**
   * Whether the user is excluded from the approval's item (recused from it, or its subject): such a user never sees
   * the approval, in the inbox or otherwise, and cannot decide or record it — the same "not found" as a missing one.
   */
  isExcluded?(db: Db, userId: UserId, approval: { item_type: string; item_id: string }): Promise<boolean>;
}

/** Whether a handler excludes the actor from the approval's item. */
async function isExcludedFromItem(
  db: Db,
  actor: Actor,
  approval: { kind: string; item_type: string; item_id: string },
  handlers: ApprovalHandlers,
): Promise<boolean> {
  const handler = isKnownKind(approval.kind) ? handlers[approval.kind] : undefined;
  return (
    actor.kind === 'user' && handler?.isExcluded !== undefined && (await handler.isExcluded(db, actor.userId, approval))
  );
}

/** The handlers by kind. Deciding a kind without one fails loudly (INTERNAL), never approves silently. */
export type ApprovalHandlers = Partial<Record<ApprovalKind, ApprovalHandler>>;

/** What another module asks to have approved. */
export interface ProposeApprovalInput {
  /** The office whose step it is: its approvers hold `requiredRole` there or in an ancestor. */
  officeId: OfficeId;
  kind: ApprovalKind;
  itemType: ApprovalItemType;
  itemId: string;
  /** A safe label of the item (e.g. the complaint number): never content or identity. */
  itemLabel: string;
  /** The proposer's reasons. */
  reason: string;
  /** The kind's parameters (e.g. a reveal's duration); never identity. */
  payload?: Record<string, unknown>;
  requiredRole: Role;
  /** Only the principal leader (主要负责人) may decide; needs `requiredRole: 'leader'`. */
  requiresPrincipal?: boolean;
  /** `external`: decided outside the system, only recorded here. Default `internal`. */
  approverKind?: ApproverKind;
}

/** What the deciding services use. */
export interface ApprovalDeps {
  db: Db;
  audit: AuditWriter;
}

/** An approver's decision: approve (reason optional) or return (reason required). */
export interface ApprovalDecision {
  decision: 'approve' | 'return';
  reason?: string | undefined;
}

const NOT_FOUND = 'approval';

const isKnownKind = (kind: string): kind is ApprovalKind => (APPROVAL_KINDS as readonly string[]).includes(kind);

/** The handler of a kind; a kind without one is a wiring mistake, refused as an internal error. */
function handlerOf(handlers: ApprovalHandlers, kind: string): ApprovalHandler {
  const handler = isKnownKind(kind) && Object.hasOwn(handlers, kind) ? handlers[kind] : undefined;
  if (handler === undefined) {
    throw new AppError('INTERNAL', `no approval handler is registered for kind ${kind}`);
  }
  return handler;
}

const selfApproval = (): AppError =>
  new AppError('SELF_APPROVAL', 'the proposer may not decide its own proposal', {
    userMessage: '不能审批自己提出的事项，须由其他有权领导审批。',
  });

/** The path of the actor's active office, or null for the operator or a user without one. */
async function activePathOf(db: Db, actor: Actor): Promise<string | null> {
  if (actor.kind !== 'user' || actor.activeOfficeId === null) {
    return null;
  }
  return (await findOfficePaths(db, [actor.activeOfficeId])).get(actor.activeOfficeId) ?? null;
}

/**
 * Proposes a step for approval inside the caller's transaction and writes `approval.proposed` in the chain of the
 * approval's office. The calling module has already checked that the actor may propose it; this refuses the
 * operator, an office outside the actor's active subtree ("not found"), a second pending proposal of the same kind by the same proposer for the item, and (as a wiring
 * mistake) an internal approval no decision route would open.
 */
export async function proposeApproval(
  trx: Db,
  audit: AuditWriter,
  actor: Actor,
  input: ProposeApprovalInput,
): Promise<ApprovalRow> {
  if (actor.kind !== 'user') {
    throw forbidden('only a signed-in user proposes a step for approval');
  }
  const approverKind = input.approverKind ?? 'internal';
  const requiresPrincipal = input.requiresPrincipal === true;
  if (approverKind === 'internal' && !APPROVER_ROLES.includes(input.requiredRole)) {
    throw new Error(`approvals requiring ${input.requiredRole} cannot be decided: widen APPROVER_ROLES first`);
  }
  if (requiresPrincipal && input.requiredRole !== 'leader') {
    throw new Error('only a leader grant carries the principal flag');
  }
  // The proposer acts in the approval's office or an ancestor: where the matrix lets it see the item at all.
  const officePath = (await findOfficePaths(trx, [input.officeId])).get(input.officeId);
  const activePath = await activePathOf(trx, actor);
  if (officePath === undefined || activePath === null || !officePath.startsWith(activePath)) {
    throw notFound('office');
  }
  const pending = await findPendingProposal(trx, {
    itemType: input.itemType,
    itemId: input.itemId,
    kind: input.kind,
    proposedBy: actor.userId,
  });
  if (pending !== undefined) {
    throw conflict(
      `pending ${input.kind} approval of ${input.itemType} ${input.itemId}`,
      '该事项已提请审批，尚未办结。',
    );
  }
  const id = newApprovalId();
  await insertApproval(trx, {
    id,
    office_id: input.officeId,
    kind: input.kind,
    item_type: input.itemType,
    item_id: input.itemId,
    item_label: input.itemLabel,
    reason: input.reason,
    payload: JSON.stringify(input.payload ?? {}),
    required_role: input.requiredRole,
    requires_principal: requiresPrincipal,
    approver_kind: approverKind,
    status: 'pending',
    proposed_by: actor.userId,
    proposed_at: audit.clock.now(),
  });
  await appendActorAudit(
    trx,
    actor,
    {
      officeIds: [input.officeId],
      action: 'approval.proposed',
      targetIds: [id, input.itemId],
      details: {
        approvalKind: input.kind,
        itemType: input.itemType,
        itemId: input.itemId,
        itemLabel: input.itemLabel,
        requiredRole: input.requiredRole,
        requiresPrincipal,
        approverKind,
        reasonLength: [...input.reason].length,
      },
    },
    audit,
  );
  const row = await findApprovalRow(trx, id);
  if (row === undefined) {
    throw new Error(`approval ${id} vanished after insert`);
  }
  return row;
}

/**
 * Whether the actor may decide the approval, whatever its status: a user, not its proposer, acting in an office
 * that is the approval's office or an ancestor, holding the required role there in an active grant (with the
 * principal flag where required), not disabled. The inbox query (`listDecidableApprovals`) is this rule in SQL.
 */
export async function isEligibleApprover(
  db: Db,
  actor: Actor,
  approval: Pick<ApprovalView, 'proposed_by' | 'office_path' | 'required_role' | 'requires_principal'>,
): Promise<boolean> {
  if (actor.kind !== 'user' || actor.activeOfficeId === null || actor.userId === approval.proposed_by) {
    return false;
  }
  const activePath = await activePathOf(db, actor);
  if (activePath === null || !approval.office_path.startsWith(activePath)) {
    return false;
  }
  return holdsActiveGrant(db, {
    userId: actor.userId,
    officeId: actor.activeOfficeId,
    role: approval.required_role,
    isPrincipalRequired: approval.requires_principal,
  });
}

/** The proposer, acting in the approval's office or an ancestor (views never merge offices). */
async function isActingProposer(db: Db, actor: Actor, approval: ApprovalView): Promise<boolean> {
  if (actor.kind !== 'user' || actor.userId !== approval.proposed_by) {
    return false;
  }
  const activePath = await activePathOf(db, actor);
  return activePath !== null && approval.office_path.startsWith(activePath);
}

/** A leader of the approval's office itself, acting there (who records an external approval besides the proposer). */
async function isLeaderOfOffice(db: Db, actor: Actor, approval: ApprovalView): Promise<boolean> {
  if (actor.kind !== 'user' || actor.activeOfficeId !== approval.office_id) {
    return false;
  }
  return holdsActiveGrant(db, {
    userId: actor.userId,
    officeId: approval.office_id,
    role: 'leader',
    isPrincipalRequired: false,
  });
}

/** Whether the actor may see the approval: its proposer, an eligible approver or recorder, or by the kind's handler. */
async function mayView(db: Db, actor: Actor, approval: ApprovalView, handlers: ApprovalHandlers): Promise<boolean> {
  if (await isExcludedFromItem(db, actor, approval, handlers)) {
    return false;
  }
  if (
    (await isActingProposer(db, actor, approval)) ||
    (await isEligibleApprover(db, actor, approval)) ||
    (approval.approver_kind === 'external' && (await isLeaderOfOffice(db, actor, approval)))
  ) {
    return true;
  }
  const handler = isKnownKind(approval.kind) ? handlers[approval.kind] : undefined;
  if (handler?.canView === undefined) {
    return false;
  }
  const row = await findApprovalRow(db, approval.id);
  return row !== undefined && (await handler.canView(db, actor, row));
}

/** Locks and reads an approval in a transaction; "not found" when it does not exist. */
async function lockedApproval(trx: Db, id: ApprovalId): Promise<ApprovalView> {
  await lockApproval(trx, id);
  const approval = await findApproval(trx, id);
  if (approval === undefined) {
    throw notFound(NOT_FOUND);
  }
  return approval;
}

/** The approval as stored after a change in this transaction, for the handler. */
async function storedRow(trx: Db, id: ApprovalId): Promise<ApprovalRow> {
  const row = await findApprovalRow(trx, id);
  if (row === undefined) {
    throw new Error(`approval ${id} vanished after update`);
  }
  return row;
}

/** The approval as the API shows it after a change in this transaction. */
async function presented(trx: Db, id: ApprovalId): Promise<Approval> {
  const view = await findApproval(trx, id);
  if (view === undefined) {
    throw new Error(`approval ${id} vanished after update`);
  }
  return presentApproval(view);
}

/** The chains of a decision: the approval's office, and the actor's active office when it is another. */
function decisionChains(approval: ApprovalView, actor: Actor): OfficeId[] {
  const active = actor.kind === 'user' ? actor.activeOfficeId : null;
  return active === null || active === approval.office_id ? [approval.office_id] : [approval.office_id, active];
}

/** What every approval audit entry says about the approval; the reasons stay in the approval, only counted here. */
function auditBasics(approval: ApprovalView): Record<string, unknown> {
  return {
    approvalKind: approval.kind,
    itemType: approval.item_type,
    itemId: approval.item_id,
    itemLabel: approval.item_label,
  };
}

/**
 * Approves or returns a pending internal approval, in one transaction: the row locked, the approver's eligibility
 * checked in the database, the kind's effect (handler), the status change and `approval.approved` /
 * `approval.returned`. Anyone not eligible gets "not found"; the proposer gets SELF_APPROVAL (four eyes); a
 * decided approval CONFLICT; an external one FORBIDDEN (it is recorded, not decided); a kind without a handler
 * INTERNAL. A return needs reasons.
 */
export async function decideApproval(
  deps: ApprovalDeps,
  actor: Actor,
  approvalId: ApprovalId,
  { decision, reason }: ApprovalDecision,
  handlers: ApprovalHandlers,
): Promise<Approval> {
  return deps.db.transaction().execute(async (trx) => {
    if (actor.kind !== 'user') {
      throw notFound(NOT_FOUND);
    }
    const approval = await lockedApproval(trx, approvalId);
    if (await isExcludedFromItem(trx, actor, approval, handlers)) {
      throw notFound(NOT_FOUND);
    }
    if (actor.userId === approval.proposed_by) {
      throw selfApproval();
    }
    if (!(await isEligibleApprover(trx, actor, approval))) {
      throw notFound(NOT_FOUND);
    }
    if (approval.status !== 'pending') {
      throw conflict(`approval ${approvalId} is ${approval.status}`, '该审批事项已办结，不能再次审批。');
    }
    if (approval.approver_kind === 'external') {
      throw forbidden('an external approval is recorded, not decided in the system');
    }
    const handler = handlerOf(handlers, approval.kind);
    const text = reason?.trim() ?? '';
    if (decision === 'return' && text === '') {
      throw validationFailed('reason', '退回须说明理由 / a return needs reasons');
    }
    await updateApproval(trx, approvalId, {
      status: decision === 'approve' ? 'approved' : 'returned',
      decided_by: actor.userId,
      decided_at: deps.audit.clock.now(),
      decision_reason: text === '' ? null : text,
    });
    const row = await storedRow(trx, approvalId);
    if (decision === 'approve') {
      await handler.onApproved(trx, row, actor);
    } else {
      await handler.onReturned?.(trx, row, actor);
    }
    await appendActorAudit(
      trx,
      actor,
      {
        officeIds: decisionChains(approval, actor),
        action: decision === 'approve' ? 'approval.approved' : 'approval.returned',
        targetIds: [approvalId, approval.item_id],
        details: { ...auditBasics(approval), reasonLength: [...text].length },
      },
      deps.audit,
    );
    return presented(trx, approvalId);
  });
}

/** The proposer withdraws its pending proposal (`approval.withdrawn`); anyone else is refused. */
export async function withdrawApproval(deps: ApprovalDeps, actor: Actor, approvalId: ApprovalId): Promise<Approval> {
  return deps.db.transaction().execute(async (trx) => {
    const approval = await lockedApproval(trx, approvalId);
    if (!(await isActingProposer(trx, actor, approval))) {
      if (await mayView(trx, actor, approval, {})) {
        throw forbidden('only the proposer withdraws a proposal');
      }
      throw notFound(NOT_FOUND);
    }
    if (approval.status !== 'pending') {
      throw conflict(`approval ${approvalId} is ${approval.status}`, '该审批事项已办结，不能撤回。');
    }
    await updateApproval(trx, approvalId, { status: 'withdrawn', decided_at: deps.audit.clock.now() });
    await appendActorAudit(
      trx,
      actor,
      {
        officeIds: decisionChains(approval, actor),
        action: 'approval.withdrawn',
        targetIds: [approvalId, approval.item_id],
        details: auditBasics(approval),
      },
      deps.audit,
    );
    return presented(trx, approvalId);
  });
}

/**
 * Records the decision of an approver outside the system on a pending `external` approval: by its proposer or a
 * leader of the approval's office. An approval runs the kind's effect like an internal one, all in one
 * transaction with `approval.external_recorded`.
 */
export async function recordExternalApproval(
  deps: ApprovalDeps,
  actor: Actor,
  approvalId: ApprovalId,
  input: RecordExternalApprovalInput,
  handlers: ApprovalHandlers,
): Promise<Approval> {
  return deps.db.transaction().execute(async (trx) => {
    const approval = await lockedApproval(trx, approvalId);
    if (await isExcludedFromItem(trx, actor, approval, handlers)) {
      throw notFound(NOT_FOUND);
    }
    const mayRecord = (await isActingProposer(trx, actor, approval)) || (await isLeaderOfOffice(trx, actor, approval));
    if (!mayRecord || actor.kind !== 'user') {
      if (await mayView(trx, actor, approval, handlers)) {
        throw forbidden('only the proposer or a leader of the office records an external approval');
      }
      throw notFound(NOT_FOUND);
    }
    if (approval.status !== 'pending') {
      throw conflict(`approval ${approvalId} is ${approval.status}`, '该审批事项已办结。');
    }
    if (approval.approver_kind !== 'external') {
      throw forbidden('an internal approval is decided in the system, not recorded');
    }
    const handler = handlerOf(handlers, approval.kind);
    const text = input.reason?.trim() ?? '';
    const now = deps.audit.clock.now();
    await updateApproval(trx, approvalId, {
      status: input.outcome,
      decided_at: now,
      decision_reason: text === '' ? null : text,
      external_approver_name: input.approverName,
      external_approver_position: input.approverPosition,
      external_date: input.date,
      external_document: input.document,
      external_recorded_by: actor.userId,
      external_recorded_at: now,
    });
    const row = await storedRow(trx, approvalId);
    if (input.outcome === 'approved') {
      await handler.onApproved(trx, row, actor);
    } else {
      await handler.onReturned?.(trx, row, actor);
    }
    await appendActorAudit(
      trx,
      actor,
      {
        officeIds: decisionChains(approval, actor),
        action: 'approval.external_recorded',
        targetIds: [approvalId, approval.item_id],
        details: {
          ...auditBasics(approval),
          outcome: input.outcome,
          approverName: input.approverName,
          approverPosition: input.approverPosition,
          externalDate: input.date,
          externalDocument: input.document,
          reasonLength: [...text].length,
        },
      },
      deps.audit,
    );
    return presented(trx, approvalId);
  });
}

/** One approval, for its proposer, an eligible approver (or recorder), or whom the kind's handler lets see it. */
export async function getApproval(
  db: Db,
  actor: Actor,
  approvalId: ApprovalId,
  handlers: ApprovalHandlers,
): Promise<Approval> {
  const approval = await findApproval(db, approvalId);
  if (approval === undefined || !(await mayView(db, actor, approval, handlers))) {
    throw notFound(NOT_FOUND);
  }
  return presentApproval(approval);
}

/** The approver's inbox: the pending internal approvals the actor may decide in its active office, oldest first. */
export async function listPendingApprovals(db: Db, actor: Actor, handlers: ApprovalHandlers = {}): Promise<Approval[]> {
  if (actor.kind !== 'user' || actor.activeOfficeId === null) {
    return [];
  }
  const rows = await listDecidableApprovals(db, { userId: actor.userId, activeOfficeId: actor.activeOfficeId });
  const visible = [];
  for (const row of rows) {
    // The inbox is small (pending steps of one office subtree); recusal is the owning module's to say.
    if (!(await isExcludedFromItem(db, actor, row, handlers))) {
      visible.push(row);
    }
  }
  return visible.map(presentApproval);
}

/** The actor's own proposals in its active office's subtree (views never merge offices), newest first. */
export async function listMyProposals(db: Db, actor: Actor): Promise<Approval[]> {
  const activePath = await activePathOf(db, actor);
  if (activePath === null || actor.kind !== 'user') {
    return [];
  }
  return (await listApprovalsProposedBy(db, actor.userId, activePath)).map(presentApproval);
}

/** Every approval of an item, oldest first, for the module that owns the item to show (it checks access first). */
export async function findApprovals(db: Db, item: { itemType: ApprovalItemType; itemId: string }): Promise<Approval[]> {
  return (await listApprovalsOfItem(db, item.itemType, item.itemId)).map(presentApproval);
}

/**
 * The latest approved approval of a kind for an item — of one proposer when `proposedBy` is given (a reveal is
 * granted to whoever asked) — for the owning module's rules; undefined when none.
 */
export async function findApprovedApproval(
  db: Db,
  query: { itemType: ApprovalItemType; itemId: string; kind: ApprovalKind; proposedBy?: UserId },
): Promise<ApprovalRow | undefined> {
  return findLatestApproved(db, query);
}
