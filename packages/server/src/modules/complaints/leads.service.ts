import type { z } from 'zod';
import type {
  AddRecusalSchema,
  ComplaintId,
  LeadDetail,
  LeadId,
  ResolveSubjectMatchSchema,
  RouteLeadSchema,
  SubjectMatchTask,
  UserId,
} from '@zhengming/contracts';
import { appendActorAudit, type Actor } from '../../access/actor.js';
import { checkItemAccess } from '../../access/item-access.js';
import type { Db } from '../../deps.js';
import { AppError, notFound, validationFailed } from '../../errors.js';
import { CONTENT_APPROVAL_KINDS, requireUserActor, type ComplaintDeps, type UserActor } from './complaint-context.js';
import {
  findAllegations,
  findComplaint,
  findCosigners,
  findReporter,
  refreshAccessArrays,
} from './complaints.repository.js';
import { maskComplaintText, openCosigner, openReporter } from './reporter-identity.js';
import {
  findActiveRoles,
  findLead,
  findLeadComplaints,
  findRecusals,
  findRecusedUserIds,
  findSubject,
  findSubjectsByIds,
  findTeam,
  insertRecusal,
  insertTeamMember,
  listOpenMatchTasks,
  lockMatchTask,
  mergeSubjectInto,
  resolveMatchTask,
  type LeadRow,
} from './leads.repository.js';

type LoadedLead = LeadRow & { office_name: string; office_path: string };

/** The roles a lead is routed to (分办): the supervision and investigation offices. */
const TEAM_ROLES = ['supervisor', 'investigator'] as const;

/**
 * Leads (问题线索): the detail, routing to a handling team (being on the team is what the access matrix calls
 * "assigned" and opens content), and the recusal list (回避), which overrides every cell.
 */
export class LeadService {
  constructor(private readonly deps: ComplaintDeps) {}

  private async accessOf(db: Db, actor: UserActor, lead: LoadedLead, dataClass: 'metadata' | 'content') {
    const team = await findTeam(db, lead.id);
    const isAssigned =
      team.some((member) => member.user_id === actor.userId) ||
      (await this.deps.approvals.isPendingApprover(db, actor, 'lead', lead.id, CONTENT_APPROVAL_KINDS));
    const recused = await findRecusedUserIds(db, lead.id);
    const { isAllowed } = await checkItemAccess(db, actor, {
      officeId: lead.office_id,
      dataClass,
      assignedUserIds: isAssigned ? [actor.userId] : [],
      recusedUserIds: recused,
    });
    return isAllowed;
  }

  private async load(db: Db, actor: UserActor, id: LeadId): Promise<LoadedLead> {
    const lead = await findLead(db, id);
    if (lead === undefined || !(await this.accessOf(db, actor, lead, 'metadata'))) {
      throw notFound('lead');
    }
    return lead;
  }

  /** A lead: its complaints, team and pending routings for everyone who may see it; subject and allegations for content readers. */
  async detail(actorIn: Actor, id: LeadId): Promise<LeadDetail> {
    const actor = requireUserActor(actorIn);
    const { db } = this.deps;
    const lead = await this.load(db, actor, id);
    const canReadContent = await this.accessOf(db, actor, lead, 'content');
    const complaints = await findLeadComplaints(db, lead.id);
    const team = await findTeam(db, lead.id);
    const subject = canReadContent ? await findSubject(db, lead.subject_id) : undefined;
    const allegations = canReadContent ? await this.maskedAllegations(db, actor, lead, complaints) : null;
    const recusals = canReadContent ? await findRecusals(db, lead.id) : null;
    if (canReadContent) {
      await db.transaction().execute(async (trx) => {
        await appendActorAudit(
          trx,
          actor,
          { officeIds: [lead.office_id], action: 'lead.content_read', targetIds: [lead.id] },
          this.deps.audit,
        );
      });
    }
    return {
      id: lead.id,
      officeId: lead.office_id,
      officeName: lead.office_name,
      status: lead.status,
      createdAt: new Date(lead.created_at).toISOString(),
      complaints: complaints.map((c) => ({
        id: c.id,
        number: c.number,
        receivedAt: new Date(c.received_at).toISOString(),
      })),
      subject:
        subject === undefined
          ? null
          : { id: subject.id, name: subject.name, unit: subject.unit, position: subject.position },
      allegations:
        allegations?.map((a) => ({
          complaintId: a.complaint_id,
          position: a.position,
          category: a.category,
          summary: a.summary,
        })) ?? null,
      team: team.map((m) => ({
        userId: m.user_id,
        displayName: m.display_name,
        role: m.role,
        addedAt: new Date(m.added_at).toISOString(),
      })),
      recusals: recusals?.map((r) => ({ userId: r.user_id, displayName: r.display_name, reason: r.reason })) ?? null,
      pendingRouting: [],
    };
  }

  /** The allegations of the lead's complaints; their summaries masked like the text for all but own-office intake. */
  private async maskedAllegations(
    db: Db,
    actor: UserActor,
    lead: LoadedLead,
    complaints: readonly { id: ComplaintId }[],
  ) {
    const allegations = await findAllegations(
      db,
      complaints.map((c) => c.id),
    );
    if (lead.office_id === actor.activeOfficeId && actor.activeRoles.includes('intake')) {
      return allegations;
    }
    const masked = [];
    for (const allegation of allegations) {
      const reporterRow = await findReporter(db, allegation.complaint_id);
      const reporter =
        reporterRow === undefined
          ? null
          : openReporter(this.deps.key, allegation.complaint_id, reporterRow.identity_sealed);
      const names = (await findCosigners(db, allegation.complaint_id)).map((c) =>
        openCosigner(this.deps.key, allegation.complaint_id, c.position, c.name_sealed),
      );
      masked.push({
        ...allegation,
        summary: allegation.summary === null ? null : maskComplaintText(allegation.summary, reporter, names),
      });
    }
    return masked;
  }

  /**
   * Routes a lead to a `supervisor` or `investigator` of its office (分办) — by intake of the office; where the
   * office requires it, through a leader's approval (the member joins when it is approved).
   */
  async route(
    actorIn: Actor,
    id: LeadId,
    input: z.output<typeof RouteLeadSchema>,
  ): Promise<{ lead: LeadDetail; approvalId: string | null }> {
    const actor = requireUserActor(actorIn);
    const { db } = this.deps;
    const approvalId = await db.transaction().execute(async (trx) => {
      const lead = await this.load(trx, actor, id);
      if (lead.office_id !== actor.activeOfficeId || !actor.activeRoles.includes('intake')) {
        throw notFound('lead');
      }
      const roles = await findActiveRoles(trx, input.userId, lead.office_id);
      const role = TEAM_ROLES.find((candidate) => roles.includes(candidate));
      if (role === undefined) {
        throw validationFailed(
          'userId',
          '承办人须为本机关的监督检查或审查调查人员 / route to a supervisor or investigator here',
        );
      }
      const recused = await findRecusedUserIds(trx, lead.id);
      if (recused.includes(input.userId)) {
        throw new AppError('CONFLICT', 'the user is recused from this lead', {
          userMessage: '该人员已列入回避名单，不能承办此线索。',
        });
      }
      const office = await this.deps.loadSettings(trx, lead.office_id);
      if (office.routingRequiresApproval) {
        const approval = await this.deps.approvals.propose(trx, actor, {
          officeId: lead.office_id,
          kind: 'route',
          itemType: 'lead',
          itemId: lead.id,
          itemLabel: `线索 ${lead.id.slice(0, 8)}`,
          reason: input.reason ?? '分办线索',
          payload: { userId: input.userId, role },
          requiredRole: 'leader',
        });
        return approval.id;
      }
      await this.addMember(trx, actor, lead, input.userId, role, null);
      return null;
    });
    return { lead: await this.detail(actor, id), approvalId };
  }

  /** The effect of an approved routing, inside the approval's transaction. */
  async completeRouting(
    trx: Db,
    approval: { id: string; item_id: string; payload: unknown },
    approver: Actor,
  ): Promise<void> {
    const lead = await findLead(trx, approval.item_id as LeadId);
    const payload = approval.payload as { userId?: UserId; role?: string } | null;
    if (lead === undefined || payload?.userId === undefined || payload.role === undefined) {
      throw new AppError('CONFLICT', 'the routing no longer applies');
    }
    // Checked again at the decision: the member may have lost the role or been recused meanwhile.
    const roles = await findActiveRoles(trx, payload.userId, lead.office_id);
    const recused = await findRecusedUserIds(trx, lead.id);
    if (!TEAM_ROLES.some((role) => roles.includes(role)) || recused.includes(payload.userId)) {
      throw new AppError('CONFLICT', 'the routing no longer applies', {
        userMessage: '拟承办人员已不具备承办条件（岗位变动或已回避），请退回后重新分办。',
      });
    }
    await this.addMember(trx, approver, lead, payload.userId, payload.role, approval.id);
  }

  private async addMember(
    trx: Db,
    actor: Actor,
    lead: LoadedLead,
    userId: UserId,
    role: string,
    approvalId: string | null,
  ): Promise<void> {
    const isAdded = await insertTeamMember(trx, {
      lead_id: lead.id,
      user_id: userId,
      role,
      added_by: actor.kind === 'user' ? actor.userId : null,
      added_at: this.deps.clock.now(),
      approval_id: approvalId,
    });
    if (!isAdded) {
      throw new AppError('CONFLICT', 'the user is on the team already', { userMessage: '该人员已在承办组中。' });
    }
    await refreshAccessArrays(trx, { leadIds: [lead.id] });
    await appendActorAudit(
      trx,
      actor,
      {
        officeIds: [lead.office_id],
        action: 'lead.routed',
        targetIds: [lead.id, userId],
        details: { memberId: userId, role, throughApproval: approvalId !== null },
      },
      this.deps.audit,
    );
  }

  /** Puts a user on the lead's recusal list (intake or a leader of its office): they never see it again. */
  async addRecusal(actorIn: Actor, id: LeadId, input: z.output<typeof AddRecusalSchema>): Promise<LeadDetail> {
    const actor = requireUserActor(actorIn);
    await this.deps.db.transaction().execute(async (trx) => {
      const lead = await this.load(trx, actor, id);
      const mayRecuse =
        lead.office_id === actor.activeOfficeId &&
        (actor.activeRoles.includes('intake') || actor.activeRoles.includes('leader'));
      if (!mayRecuse) {
        throw notFound('lead');
      }
      await insertRecusal(trx, {
        lead_id: lead.id,
        user_id: input.userId,
        reason: input.reason,
        added_by: actor.userId,
        added_at: this.deps.clock.now(),
      });
      await refreshAccessArrays(trx, { leadIds: [lead.id] });
      await appendActorAudit(
        trx,
        actor,
        {
          officeIds: [lead.office_id],
          action: 'lead.recusal_added',
          targetIds: [lead.id, input.userId],
          details: { recusedId: input.userId },
        },
        this.deps.audit,
      );
    });
    return this.detail(actor, id);
  }

  /** The open uncertain subject matches of the intake officer's office, for a person to decide. */
  async listMatchTasks(actorIn: Actor): Promise<SubjectMatchTask[]> {
    const actor = requireUserActor(actorIn);
    if (!actor.activeRoles.includes('intake')) {
      return [];
    }
    const { db } = this.deps;
    const tasks = await listOpenMatchTasks(db, actor.activeOfficeId);
    const entries = await findSubjectsByIds(db, [
      ...new Set(tasks.flatMap((task) => [task.subject_id, ...task.candidate_ids])),
    ]);
    const byId = new Map<string, (typeof entries)[number]>(entries.map((entry) => [entry.id, entry]));
    const present = (id: string) => {
      const entry = byId.get(id);
      return entry === undefined
        ? []
        : [
            {
              id: entry.id,
              name: entry.name,
              unit: entry.unit,
              position: entry.position,
              officeName: entry.office_name,
            },
          ];
    };
    const visibleTasks = [];
    for (const task of tasks) {
      const complaint = await findComplaint(db, task.complaint_id);
      if (complaint !== undefined && !complaint.recused_user_ids.includes(actor.userId)) {
        visibleTasks.push(task);
      }
    }
    return visibleTasks.flatMap((task) => {
      const [subject] = present(task.subject_id);
      return subject === undefined
        ? []
        : [
            {
              id: task.id,
              complaintId: task.complaint_id,
              complaintNumber: task.complaint_number,
              subject,
              candidates: task.candidate_ids.flatMap(present),
              createdAt: new Date(task.created_at).toISOString(),
            },
          ];
    });
  }

  /**
   * Decides an uncertain subject match: the same person as one of the candidates (the new register entry's
   * complaints and leads move onto the candidate), or a different person (the entry stays).
   */
  async resolveMatchTask(
    actorIn: Actor,
    id: string,
    input: z.output<typeof ResolveSubjectMatchSchema>,
  ): Promise<{ status: 'merged' | 'distinct' }> {
    const actor = requireUserActor(actorIn);
    return this.deps.db.transaction().execute(async (trx) => {
      const task = await lockMatchTask(trx, id);
      const complaint = task === undefined ? undefined : await findComplaint(trx, task.complaint_id);
      if (
        task === undefined ||
        complaint === undefined ||
        complaint.recused_user_ids.includes(actor.userId) ||
        task.office_id !== actor.activeOfficeId ||
        !actor.activeRoles.includes('intake')
      ) {
        throw notFound('subject match task');
      }
      if (task.status !== 'open') {
        throw new AppError('CONFLICT', 'the match was decided already', { userMessage: '该比对任务已处理。' });
      }
      const status = input.decision === 'same' ? 'merged' : 'distinct';
      let leadIds: LeadId[] = [];
      if (input.decision === 'same') {
        if (!task.candidate_ids.includes(input.candidateId)) {
          throw validationFailed('candidateId', '请选择任务列出的候选人员 / choose one of the task’s candidates');
        }
        leadIds = await mergeSubjectInto(trx, task.subject_id, input.candidateId);
        await refreshAccessArrays(trx, { leadIds });
      }
      await resolveMatchTask(trx, id, { status, by: actor.userId, at: this.deps.clock.now() });
      await appendActorAudit(
        trx,
        actor,
        {
          officeIds: [task.office_id],
          action: 'subject.match_resolved',
          targetIds: [
            task.complaint_id,
            task.subject_id,
            ...(input.decision === 'same' ? [input.candidateId] : []),
            ...leadIds,
          ],
          details: { decision: status },
        },
        this.deps.audit,
      );
      return { status };
    });
  }
}
