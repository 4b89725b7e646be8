import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  ComplaintIdSchema,
  type AcceptanceNoticeInputSchema,
  type AuditAction,
  type ComplaintDetail,
  type ComplaintId,
  type ComplaintIdentitySchema,
  type ComplaintList,
  type ComplaintListQuery,
  type DataClass,
  type LeadId,
  type OfficeId,
  type UserId,
  type ReporterStatusInputSchema,
  type RevealRequestSchema,
} from '@zhengming/contracts';
import { appendActorAudit, type Actor } from '../../access/actor.js';
import { canAccess, classScope, parentPathOf, relationOf } from '../../access/matrix.js';
import type { Db } from '../../deps.js';
import { AppError, notFound, validationFailed } from '../../errors.js';
import { CONTENT_APPROVAL_KINDS, requireUserActor, type ComplaintDeps, type UserActor } from './complaint-context.js';
import {
  findAllegations,
  findComplaint,
  findComplaintSubjects,
  findCosigners,
  findReporter,
  findSubjectNames,
  findValidReveal,
  insertReveal,
  listVisibleComplaints,
  markCosignerDenied,
  updateComplaint,
  type ComplaintRow,
} from './complaints.repository.js';
import { presentComplaintDetail, presentListItem, type ComplaintParts } from './complaints.presenters.js';
import { maskComplaintText, openCosigner, openReporter } from './reporter-identity.js';
import { findOfficePaths } from '../../access/access.repository.js';
import { findOfficeNames, findUserNames } from './names.repository.js';
import { findRecusedUserIds } from './leads.repository.js';

type LoadedComplaint = ComplaintRow & { office_name: string; office_path: string };

/** What the caller may open of one complaint, by the access matrix (recusal, assignment, reveal). */
interface ComplaintAccess {
  metadata: boolean;
  content: boolean;
  identity: boolean;
  /** Identity by the role (intake of the owning office) or by an approved reveal. */
  identityVia: 'role' | 'reveal' | null;
  revealUntil: Date | null;
}

/**
 * Reading complaints (detail, list, identity) and the intake steps after registration: the real-name check, a
 * co-signer's denial, the acceptance notice, and reveal requests (approved through the approvals module).
 */
export class ComplaintService {
  constructor(private readonly deps: ComplaintDeps) {}

  /** What the actor may open of the complaint; the approval step of a pending approval counts as assigned. */
  private async accessOf(db: Db, actor: UserActor, row: LoadedComplaint): Promise<ComplaintAccess> {
    const now = this.deps.clock.now();
    const reveal = await findValidReveal(db, row.id, actor.userId, now);
    const isAssigned =
      row.assigned_user_ids.includes(actor.userId) ||
      (await this.deps.approvals.isPendingApprover(db, actor, 'complaint', row.id, CONTENT_APPROVAL_KINDS));
    // One look at the office tree for all three classes (the complaint's path came with its row).
    const activePath = (await findOfficePaths(db, [actor.activeOfficeId])).get(actor.activeOfficeId);
    const relation =
      activePath === undefined ? 'none' : relationOf(activePath, parentPathOf(activePath), row.office_path);
    const check = (dataClass: DataClass) =>
      canAccess({
        roles: actor.activeRoles,
        relation,
        dataClass,
        isAssigned,
        isRecused: row.recused_user_ids.includes(actor.userId),
        hasApprovedReveal: reveal !== undefined,
      });
    const metadata = check('metadata');
    const content = metadata && !row.is_stub && check('content');
    const identity = metadata && !row.is_stub && check('identity');
    const isOwnIntake = row.office_id === actor.activeOfficeId && actor.activeRoles.includes('intake');
    return {
      metadata,
      content,
      identity,
      identityVia: !identity ? null : isOwnIntake ? 'role' : 'reveal',
      revealUntil: identity && !isOwnIntake && reveal !== undefined ? reveal.valid_until : null,
    };
  }

  /** Loads a complaint the actor may see at least the metadata of, or answers "not found". */
  private async load(db: Db, actor: UserActor, id: ComplaintId, options: { forUpdate?: boolean } = {}) {
    const row = await findComplaint(db, id, options);
    if (row === undefined) {
      throw notFound('complaint');
    }
    const access = await this.accessOf(db, actor, row);
    if (!access.metadata) {
      throw notFound('complaint');
    }
    return { row, access };
  }

  /** The parts of a complaint a detail shows, with the text masked unless the caller sees identity by role. */
  private async parts(db: Db, row: LoadedComplaint, isUnmasked: boolean): Promise<ComplaintParts> {
    let allegations = await findAllegations(db, [row.id]);
    const subjects = await findComplaintSubjects(db, [row.id]);
    const cosigners = await findCosigners(db, row.id);
    let text = row.text ?? '';
    if (!isUnmasked) {
      const reporterRow = await findReporter(db, row.id);
      const reporter =
        reporterRow === undefined ? null : openReporter(this.deps.key, row.id, reporterRow.identity_sealed);
      const names = cosigners.map((c) => openCosigner(this.deps.key, row.id, c.position, c.name_sealed));
      text = maskComplaintText(text, reporter, names);
      // Intake types the summaries: they may quote the reporter too.
      allegations = allegations.map((a) => ({
        ...a,
        summary: a.summary === null ? null : maskComplaintText(a.summary, reporter, names),
      }));
    }
    return { text, isMasked: !isUnmasked, allegations, subjects, cosigners };
  }

  /**
   * A complaint's detail: metadata for everyone the matrix lets see it; content (masked for all but intake) for
   * those who may read content — each such read audited.
   */
  async detail(actorIn: Actor, id: ComplaintId): Promise<ComplaintDetail> {
    const actor = requireUserActor(actorIn);
    const { db } = this.deps;
    const { row, access } = await this.load(db, actor, id);
    const parts = access.content ? await this.parts(db, row, access.identityVia === 'role') : null;
    const names = await this.officeNames(db, [row.destination_office_id, row.source_office_id]);
    const leadIds = parts === null ? await this.leadIdsOf(db, row.id) : null;
    if (access.content) {
      await db.transaction().execute(async (trx) => {
        await appendActorAudit(
          trx,
          actor,
          {
            officeIds: [row.office_id],
            action: 'complaint.content_read',
            targetIds: [row.id],
            details: { number: row.number },
          },
          this.deps.audit,
        );
      });
    }
    return presentComplaintDetail(row, parts, leadIds, names, {
      canReadContent: access.content,
      canReadIdentity: access.identity,
      revealUntil: access.revealUntil?.toISOString() ?? null,
    });
  }

  private async leadIdsOf(db: Db, id: ComplaintId): Promise<string[]> {
    const subjects = await findComplaintSubjects(db, [id]);
    return [...new Set(subjects.flatMap((s) => (s.lead_id === null ? [] : [s.lead_id])))];
  }

  private async officeNames(db: Db, ids: readonly (OfficeId | null)[]): Promise<Map<string, string>> {
    return findOfficeNames(
      db,
      ids.filter((id): id is OfficeId => id !== null),
    );
  }

  /** The reporter's identity: intake of the owning office, or a user holding an approved reveal. Audited. */
  async identity(actorIn: Actor, id: ComplaintId): Promise<z.infer<typeof ComplaintIdentitySchema>> {
    const actor = requireUserActor(actorIn);
    const { db } = this.deps;
    const { row, access } = await this.load(db, actor, id);
    if (!access.identity || access.identityVia === null) {
      throw notFound('complaint identity');
    }
    const reporterRow = await findReporter(db, row.id);
    const cosigners = await findCosigners(db, row.id);
    const checkedBy =
      row.reporter_checked_by === null
        ? undefined
        : (await findUserNames(db, [row.reporter_checked_by])).get(row.reporter_checked_by);
    await db.transaction().execute(async (trx) => {
      await appendActorAudit(
        trx,
        actor,
        {
          officeIds: [row.office_id],
          action: 'complaint.identity_read',
          targetIds: [row.id],
          details: { number: row.number, via: access.identityVia },
        },
        this.deps.audit,
      );
    });
    return {
      complaintId: row.id,
      isAnonymous: row.is_anonymous,
      reporterStatus: row.reporter_status,
      reporter: reporterRow === undefined ? null : openReporter(this.deps.key, row.id, reporterRow.identity_sealed),
      confirmation:
        row.reporter_check_method === null || row.reporter_checked_at === null
          ? null
          : {
              method: row.reporter_check_method,
              by: checkedBy ?? '',
              at: new Date(row.reporter_checked_at).toISOString(),
            },
      cosigners: cosigners.map((c) => ({
        position: c.position,
        name: openCosigner(this.deps.key, row.id, c.position, c.name_sealed),
        isDenied: c.is_denied,
      })),
      via: access.identityVia,
      revealUntil: access.revealUntil?.toISOString() ?? null,
    };
  }

  /** A page of the complaints the actor may see, filtered by the access matrix in SQL. Never identity. */
  async list(actorIn: Actor, query: ComplaintListQuery): Promise<ComplaintList> {
    const actor = requireUserActor(actorIn);
    const { db } = this.deps;
    const paths = await findOfficePaths(db, [actor.activeOfficeId]);
    const activePath = paths.get(actor.activeOfficeId);
    if (activePath === undefined) {
      throw notFound('office');
    }
    const metadata = classScope(actor.activeRoles, 'metadata');
    const content = classScope(actor.activeRoles, 'content');
    const { rows, total } = await listVisibleComplaints(
      db,
      {
        userId: actor.userId,
        activePath,
        metadataOwn: metadata.own !== 'never',
        metadataBelow: metadata.below,
        contentOwn: content.own,
        contentBelow: content.below,
      },
      query,
      query.after === undefined ? null : decodeCursor(query.after),
    );
    const names = await findSubjectNames(
      db,
      rows.filter((row) => row.can_read_content).map((row) => row.id),
    );
    const last = rows.at(-1);
    return {
      items: rows.map((row) => presentListItem(row, row.can_read_content ? (names.get(row.id) ?? []) : null)),
      total,
      page: query.page,
      pageSize: query.pageSize,
      nextCursor: last !== undefined && rows.length === query.pageSize ? encodeCursor(last) : null,
    };
  }

  /**
   * Intake of the owning office changes a complaint: the step makes its change and answers its audit event (an
   * `AuditEvent`-shaped literal, which the audit-actions test reads), written with the complaint's number in the same
   * transaction. Answers the complaint's detail.
   */
  private async intakeStep(
    actorIn: Actor,
    id: ComplaintId,
    step: (
      trx: Db,
      actor: UserActor,
      row: LoadedComplaint,
    ) => Promise<{ officeIds: OfficeId[]; action: AuditAction; details: Record<string, unknown> }>,
  ): Promise<ComplaintDetail> {
    const actor = requireUserActor(actorIn);
    await this.deps.db.transaction().execute(async (trx) => {
      const { row, access } = await this.load(trx, actor, id, { forUpdate: true });
      if (access.identityVia !== 'role' || row.is_stub) {
        throw notFound('complaint');
      }
      const done = await step(trx, actor, row);
      await appendActorAudit(
        trx,
        actor,
        {
          officeIds: done.officeIds,
          action: done.action,
          targetIds: [row.id],
          details: { number: row.number, ...done.details },
        },
        this.deps.audit,
      );
    });
    return this.detail(actor, id);
  }

  /** Records the real-name check: a claim confirmed or denied, by phone or in person. */
  async setReporterStatus(
    actor: Actor,
    id: ComplaintId,
    input: z.output<typeof ReporterStatusInputSchema>,
  ): Promise<ComplaintDetail> {
    return this.intakeStep(actor, id, async (trx, user, row) => {
      if (row.is_anonymous) {
        throw new AppError('CONFLICT', 'an anonymous complaint has no real-name claim', {
          userMessage: '匿名举报无需核实实名。',
        });
      }
      await updateComplaint(trx, row.id, {
        reporter_status: input.status,
        reporter_check_method: input.method,
        reporter_checked_by: user.userId,
        reporter_checked_at: this.deps.clock.now(),
        // The person named denies making the complaint: no acceptance notice goes to them.
        ...(input.status === 'denied' ? { notice_owed: false, notice_due: null } : {}),
      });
      return {
        officeIds: [row.office_id],
        action: 'complaint.reporter_status_set',
        details: { reporterStatus: input.status, method: input.method },
      };
    });
  }

  /** Records that a co-signer of a joint letter denies having signed it. */
  async denyCosigner(actor: Actor, id: ComplaintId, position: number, method: string): Promise<ComplaintDetail> {
    return this.intakeStep(actor, id, async (trx, user, row) => {
      const updated = await markCosignerDenied(trx, row.id, position, {
        method,
        by: user.userId,
        at: this.deps.clock.now(),
      });
      if (updated === 0) {
        throw notFound('co-signer');
      }
      return {
        officeIds: [row.office_id],
        action: 'complaint.cosigner_denied',
        details: { cosigner: position, method },
      };
    });
  }

  /** Records that the acceptance notice owed to the real-name reporter was sent. */
  async recordNotice(
    actor: Actor,
    id: ComplaintId,
    input: z.output<typeof AcceptanceNoticeInputSchema>,
  ): Promise<ComplaintDetail> {
    return this.intakeStep(actor, id, async (trx, user, row) => {
      if (!row.notice_owed) {
        throw new AppError('CONFLICT', 'no acceptance notice is owed for this complaint', {
          userMessage: '该件无需发送受理告知（匿名或同一举报人的重复件）。',
        });
      }
      await updateComplaint(trx, row.id, {
        notice_sent_on: input.sentOn,
        notice_method: input.method,
        notice_sent_by: user.userId,
      });
      return {
        officeIds: [row.office_id],
        action: 'complaint.notice_sent',
        details: { sentOn: input.sentOn, method: input.method },
      };
    });
  }

  /**
   * Asks to reveal a complaint's reporter identity, with a stated reason, to a leader of its office or above who
   * is not the requester (the approvals module enforces four eyes). Only someone who may see the complaint and
   * does not already see its identity asks.
   */
  async requestReveal(
    actorIn: Actor,
    id: ComplaintId,
    input: z.output<typeof RevealRequestSchema>,
  ): Promise<{ approvalId: string }> {
    const actor = requireUserActor(actorIn);
    return this.deps.db.transaction().execute(async (trx) => {
      const { row, access } = await this.load(trx, actor, id);
      if (row.is_stub) {
        throw notFound('complaint');
      }
      if (access.identityVia === 'role') {
        throw new AppError('CONFLICT', 'intake of the owning office sees the identity already', {
          userMessage: '您已可查看该件举报人信息，无需申请。',
        });
      }
      const approval = await this.deps.approvals.propose(trx, actor, {
        officeId: row.office_id,
        kind: 'identity_reveal',
        itemType: 'complaint',
        itemId: row.id,
        itemLabel: row.number,
        reason: input.reason,
        payload: { hours: input.hours },
        requiredRole: 'leader',
      });
      return { approvalId: approval.id };
    });
  }

  /** Whether the user is recused from the item of an approval (a complaint, or a lead via its complaints' lists). */
  async isRecusedFromItem(db: Db, item: { item_type: string; item_id: string }, userId: UserId): Promise<boolean> {
    if (item.item_type === 'complaint') {
      const row = await findComplaint(db, item.item_id as ComplaintId);
      return row?.recused_user_ids.includes(userId) ?? false;
    }
    return (await findRecusedUserIds(db, item.item_id as LeadId)).includes(userId);
  }

  /** The effect of an approved reveal, inside the approval's transaction: the requester sees it for a time. */
  async grantReveal(
    trx: Db,
    approval: { id: string; item_id: string; proposed_by: UserId; payload: unknown },
    approver: Actor,
  ): Promise<void> {
    const complaintId = approval.item_id as ComplaintId;
    const row = await findComplaint(trx, complaintId);
    if (row === undefined || row.is_stub) {
      throw new AppError('CONFLICT', 'the complaint has no identity to reveal any more');
    }
    const payload = approval.payload as { hours?: unknown } | null;
    const hours = typeof payload?.hours === 'number' ? payload.hours : 72;
    const from = this.deps.clock.now();
    const until = new Date(from.getTime() + hours * 3_600_000);
    await insertReveal(trx, {
      id: randomUUID(),
      complaint_id: complaintId,
      user_id: approval.proposed_by,
      approval_id: approval.id,
      valid_from: from,
      valid_until: until,
    });
    await appendActorAudit(
      trx,
      approver,
      {
        officeIds: [row.office_id],
        action: 'complaint.identity_revealed',
        targetIds: [complaintId, approval.proposed_by],
        details: { number: row.number, approvalId: approval.id, revealUntil: until.toISOString() },
      },
      this.deps.audit,
    );
  }
}

/** A list cursor: where the next page starts (the last row's registration time and id), opaque to clients. */
function encodeCursor(row: { registered_at: Date; id: ComplaintId }): string {
  return Buffer.from(`${new Date(row.registered_at).toISOString()}|${row.id}`, 'utf8').toString('base64url');
}

/** Reads a list cursor, refusing anything `encodeCursor` did not make. */
function decodeCursor(cursor: string): { registeredAt: Date; id: ComplaintId } {
  const [at = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const registeredAt = new Date(at);
  const parsed = ComplaintIdSchema.safeParse(id);
  if (Number.isNaN(registeredAt.getTime()) || !parsed.success) {
    throw validationFailed('after', '翻页标记无效，请从第一页重新查询 / not a cursor of this list');
  }
  return { registeredAt, id: parsed.data };
}
