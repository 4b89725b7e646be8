import { randomUUID } from 'node:crypto';
import {
  ACCEPTANCE_NOTICE_PERIOD,
  formatComplaintNumber,
  TRANSFER_PERIOD,
  type ComplaintId,
  type Deadline,
  type CreateComplaintData,
  type CreateComplaintResponse,
  type Jurisdiction,
  type LeadId,
  type OfficeId,
  type ReporterInput,
  type SubjectId,
  type SubjectInput,
  type UserId,
} from '@zhengming/contracts';
import { appendActorAudit, type Actor } from '../../access/actor.js';
import { newComplaintId, newLeadId, newSubjectId } from '../../db/ids.js';
import type { Db } from '../../deps.js';
import { AppError, notFound, validationFailed } from '../../errors.js';
import { findOfficeById } from '../offices/offices.repository.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { computePeriodDeadline } from '../calendar/deadlines.js';
import {
  chinaYearOf,
  requireUserActor,
  type ComplaintDeps,
  type IntakeSettings,
  type UserActor,
} from './complaint-context.js';
import {
  deleteComplaintContent,
  findAllegations,
  findComplaint,
  findComplaintSubjects,
  findCosigners,
  findReporter,
  hasEarlierComplaintBySameReporter,
  insertAllegations,
  insertComplaint,
  insertComplaintSubjects,
  insertCosigners,
  insertReporter,
  nextComplaintSerial,
  refreshAccessArrays,
  updateComplaint,
  updateComplaintSubjectLink,
  type ComplaintRow,
} from './complaints.repository.js';
import {
  findLeadIdsOfSubject,
  findOpenLead,
  findPrincipalUserIds,
  findSubject,
  findSubjectsByName,
  insertLead,
  insertMatchTask,
  insertSubject,
  linkSubjectUser,
} from './leads.repository.js';
import { openCosigner, openReporter, sealCosigner, sealReporter } from './reporter-identity.js';

/*
 * Registering a complaint (intake): jurisdiction first, then — only where this office handles it — its subjects
 * found in the register and its leads, the repeat, and the acceptance notice owed. What goes up or down leaves a
 * stub here (date, channel, destination) and arrives in the other office as a complaint.
 */

/** Everything of a complaint that a transfer carries along (never on a stub). */
interface ComplaintContent {
  receivedAt: Date;
  channel: CreateComplaintData['channel'];
  referringOrgan: string | null;
  text: string;
  isAnonymous: boolean;
  reporter: ReporterInput | null;
  cosigners: { name: string; isDenied: boolean }[];
  allegations: { category: CreateComplaintData['allegations'][number]['category']; summary: string | null }[];
  subjects: SubjectInput[];
  hasNoSubstance: boolean;
  externalReference: string | null;
  /** Users who may never see it: the subjects' linked accounts and the recusals it carries from a lead. */
  recusedUserIds: string[];
}

interface OfficeInfo {
  id: OfficeId;
  name: string;
  path: string;
  parentId: OfficeId | null;
}

/** A name or unit as the register compares it: NFKC, no white space, lower case. */
export const registerKey = (text: string | undefined): string =>
  (text ?? '').normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** The reporter values this office records: IP and device only online, where enabled, never a shared endpoint. */
function recordedReporter(
  reporter: ReporterInput | null | undefined,
  channel: CreateComplaintData['channel'],
  settings: IntakeSettings,
): ReporterInput | null {
  if (reporter === null || reporter === undefined) {
    return null;
  }
  const { ip, deviceId, ...rest } = reporter;
  const isRecording = channel === 'online' && settings.recordsOnlineIdentifiers;
  const kept: ReporterInput = { ...rest };
  if (isRecording && ip !== undefined && !settings.isSharedEndpoint('ip', ip)) {
    kept.ip = ip;
  }
  if (isRecording && deviceId !== undefined && !settings.isSharedEndpoint('device', deviceId)) {
    kept.deviceId = deviceId;
  }
  return Object.keys(kept).length === 0 ? null : kept;
}

export class ComplaintIntakeService {
  constructor(private readonly deps: ComplaintDeps) {}

  private async officeInfo(db: Db, officeId: OfficeId): Promise<OfficeInfo> {
    const office = await findOfficeById(db, officeId);
    if (office === undefined) {
      throw notFound('office');
    }
    return { id: office.id, name: office.name, path: office.path, parentId: office.parent_id };
  }

  /**
   * Registers a complaint in the intake officer's active office (rules art. 15–16: the jurisdiction decision comes
   * first). Answers its id and number and what intake must do next.
   */
  async register(actorIn: Actor, input: CreateComplaintData): Promise<CreateComplaintResponse> {
    const actor = requireUserActor(actorIn);
    const { db, clock } = this.deps;
    const now = clock.now();
    const receivedAt = new Date(input.receivedAt);
    if (receivedAt.getTime() > now.getTime() + 10 * 60_000) {
      throw validationFailed('receivedAt', '收件时间不能晚于现在 / the received time cannot be in the future');
    }
    const office = await this.officeInfo(db, actor.activeOfficeId);
    const settings = await this.deps.loadSettings(db, office.id);
    const calendar = await this.deps.loadCalendar(db);
    const content: ComplaintContent = {
      receivedAt,
      channel: input.channel,
      referringOrgan: input.referringOrgan ?? null,
      text: input.text,
      isAnonymous: input.anonymous,
      reporter: recordedReporter(input.reporter, input.channel, settings),
      cosigners: (input.cosigners ?? []).map((c) => ({ name: c.name, isDenied: c.denied === true })),
      allegations: input.allegations.map((a) => ({ category: a.category, summary: a.summary ?? null })),
      subjects: input.subjects,
      hasNoSubstance: input.noSubstance,
      externalReference: input.externalReference ?? input.id ?? null,
      recusedUserIds: await this.recusalOf(db, office, input.subjects, input.jurisdiction),
    };
    const destination = await this.destinationOf(db, office, input.jurisdiction, input.destinationOfficeId);
    return db.transaction().execute(async (trx) => {
      if (input.jurisdiction === 'handle' || input.jurisdiction === 'up') {
        const id = newComplaintId();
        const { number } = await this.insertWithContent(trx, actor, office, settings, id, content, {
          status: input.jurisdiction === 'handle' ? 'registered' : 'transfer_pending',
          jurisdiction: input.jurisdiction,
          now,
        });
        if (input.jurisdiction === 'handle') {
          const accepted = await this.accept(trx, actor, office, calendar, id, content, now);
          await this.auditRegistered(trx, actor, office, id, number, content, input.jurisdiction, accepted.leadIds);
          return { id, number, status: 'registered', transfer: null, ...accepted };
        }
        // Up through this office's principal leader (art. 15): held here until the principal approves.
        const answer = await this.holdForPassingUp(
          trx,
          actor,
          office,
          { id, number },
          destination,
          calendar,
          receivedAt,
        );
        await refreshAccessArrays(trx, { complaintIds: [id] });
        await this.auditRegistered(trx, actor, office, id, number, content, input.jurisdiction, []);
        return answer;
      }
      // Straight up (about this office's principal) or down: no content is stored here, only the stub.
      const target = destination!;
      const stub = await this.insertStub(
        trx,
        actor,
        office,
        settings,
        content,
        input.jurisdiction,
        target,
        calendar,
        now,
      );
      await this.transferContent(trx, actor, office, target, stub.id, content, calendar, now, input.jurisdiction);
      return {
        id: stub.id,
        number: stub.number,
        status: stub.status,
        leadIds: [],
        isRepeat: false,
        acceptanceNotice: null,
        subjectMatchTasks: 0,
        transfer: {
          jurisdiction: input.jurisdiction,
          destinationOfficeId: target.id,
          destinationOfficeName: target.name,
          due: stub.due,
          transferredAt: now.toISOString(),
          approvalId: null,
        },
      };
    });
  }

  /**
   * Who may never see this complaint, its stub or its arrival: the user accounts of its subjects (named at intake or
   * linked in the register), and for a complaint about this office's principal, the principal.
   */
  private async recusalOf(
    db: Db,
    office: OfficeInfo,
    subjects: readonly SubjectInput[],
    jurisdiction: Jurisdiction,
  ): Promise<string[]> {
    const ids = new Set<string>(linkedUserIds(subjects));
    for (const subject of subjects) {
      const unitKey = registerKey(subject.unit);
      const entry =
        subject.subjectId !== undefined
          ? await findSubject(db, subject.subjectId)
          : (await findSubjectsByName(db, office.path, registerKey(subject.name))).find(
              (candidate) => unitKey !== '' && candidate.unit_key === unitKey,
            );
      if (entry?.linked_user_id !== undefined && entry.linked_user_id !== null) {
        ids.add(entry.linked_user_id);
      }
    }
    if (jurisdiction === 'up_principal') {
      for (const id of await findPrincipalUserIds(db, office.id)) {
        ids.add(id);
      }
    }
    return [...ids];
  }

  /**
   * Holds a complaint here for passing up (art. 15): the `pass_up` approval of this office's principal leader, the
   * transfer due 5 working days after `from`; its content moves when the principal approves (`completePassUp`).
   */
  private async holdForPassingUp(
    trx: Db,
    actor: UserActor,
    office: OfficeInfo,
    complaint: { id: ComplaintId; number: string },
    target: OfficeInfo | null,
    calendar: WorkingCalendar,
    from: Date,
  ): Promise<CreateComplaintResponse> {
    if (target === null) {
      throw new AppError('INTERNAL', 'passing up without a higher office');
    }
    const due = computePeriodDeadline(calendar, from, TRANSFER_PERIOD);
    const approval = await this.deps.approvals.propose(trx, actor, {
      officeId: office.id,
      kind: 'pass_up',
      itemType: 'complaint',
      itemId: complaint.id,
      itemLabel: complaint.number,
      reason: '属上级管辖，经本机关主要负责人批准后报送上级',
      payload: { destinationOfficeId: target.id },
      requiredRole: 'leader',
      requiresPrincipal: true,
    });
    await updateComplaint(trx, complaint.id, {
      status: 'transfer_pending',
      destination_office_id: target.id,
      transfer_due: JSON.stringify(due),
      transfer_approval_id: approval.id,
    });
    return {
      id: complaint.id,
      number: complaint.number,
      status: 'transfer_pending',
      leadIds: [],
      isRepeat: false,
      acceptanceNotice: null,
      subjectMatchTasks: 0,
      transfer: {
        jurisdiction: 'up',
        destinationOfficeId: target.id,
        destinationOfficeName: target.name,
        due,
        transferredAt: null,
        approvalId: approval.id,
      },
    };
  }

  /** The office a complaint goes to: the parent for `up`/`up_principal`, a lower office for `down`. */
  private async destinationOf(
    db: Db,
    office: OfficeInfo,
    jurisdiction: Jurisdiction,
    destinationId: OfficeId | undefined,
  ): Promise<OfficeInfo | null> {
    if (jurisdiction === 'handle') {
      return null;
    }
    if (jurisdiction === 'up' || jurisdiction === 'up_principal') {
      if (office.parentId === null) {
        throw validationFailed(
          'jurisdiction',
          '本机关已是最上级机关，无法报送上级 / this office has no higher office here',
        );
      }
      return this.officeInfo(db, office.parentId);
    }
    const target = destinationId === undefined ? undefined : await findOfficeById(db, destinationId);
    if (target === undefined || !target.path.startsWith(office.path) || target.path === office.path) {
      throw validationFailed('destinationOfficeId', '接收机关须为本机关的下级机关 / choose an office below this one');
    }
    return { id: target.id, name: target.name, path: target.path, parentId: target.parent_id };
  }

  /** Inserts a complaint with its content (reporter sealed) under a fresh number of the office. */
  private async insertWithContent(
    trx: Db,
    actor: UserActor | null,
    office: OfficeInfo,
    settings: IntakeSettings,
    id: ComplaintId,
    content: ComplaintContent,
    state: {
      status: ComplaintRow['status'];
      jurisdiction: Jurisdiction;
      now: Date;
      source?: { complaintId: ComplaintId; officeId: OfficeId; officeName: string };
      decisionDue?: string;
    },
  ): Promise<{ number: string }> {
    const year = chinaYearOf(state.now);
    const serial = await nextComplaintSerial(trx, office.id, year);
    const number = formatComplaintNumber({ prefix: settings.numberPrefix, word: settings.numberWord }, year, serial);
    await insertComplaint(trx, {
      id,
      office_id: office.id,
      year,
      serial,
      number,
      channel: state.source === undefined ? content.channel : 'referred',
      referring_organ: state.source === undefined ? content.referringOrgan : state.source.officeName,
      received_at: state.source === undefined ? content.receivedAt : state.now,
      registered_at: state.now,
      registered_by: actor?.userId ?? null,
      jurisdiction: state.jurisdiction,
      status: state.status,
      text: content.text,
      has_no_substance: content.hasNoSubstance,
      external_reference: content.externalReference,
      is_anonymous: content.isAnonymous,
      reporter_status: content.isAnonymous ? 'anonymous' : 'claimed',
      reporter_checked_by: null,
      reporter_checked_at: null,
      reporter_check_method: null,
      cosigner_count: content.cosigners.length,
      destination_office_id: null,
      transfer_due: null,
      transfer_approval_id: null,
      transferred_at: null,
      transferred_complaint_id: null,
      source_complaint_id: state.source?.complaintId ?? null,
      source_office_id: state.source?.officeId ?? null,
      decision_due: state.decisionDue ?? null,
      notice_due: null,
      notice_sent_on: null,
      notice_method: null,
      notice_sent_by: null,
      recused_user_ids: content.recusedUserIds,
    });
    if (content.reporter !== null) {
      const withOnlineIds = content.reporter.ip !== undefined || content.reporter.deviceId !== undefined;
      await insertReporter(trx, {
        complaint_id: id,
        ...sealReporter(this.deps.key, id, content.reporter, withOnlineIds),
      });
    }
    await insertCosigners(
      trx,
      content.cosigners.map((cosigner, index) => ({
        complaint_id: id,
        position: index + 1,
        ...sealCosigner(this.deps.key, id, index + 1, cosigner.name),
        is_denied: cosigner.isDenied,
        denial_method: null,
        denial_recorded_by: cosigner.isDenied ? (actor?.userId ?? null) : null,
        denial_recorded_at: cosigner.isDenied ? state.now : null,
      })),
    );
    await insertAllegations(
      trx,
      content.allegations.map((allegation, index) => ({
        complaint_id: id,
        position: index + 1,
        category: allegation.category,
        summary: allegation.summary,
      })),
    );
    await insertComplaintSubjects(
      trx,
      content.subjects.map((subject, index) => ({
        complaint_id: id,
        position: index + 1,
        name: subject.name,
        unit: subject.unit ?? null,
        position_title: subject.position ?? null,
        rank_level: subject.rankLevel ?? null,
        is_party_member: subject.partyMember ?? null,
        is_candidate: subject.candidate === true,
        subject_id: subject.subjectId ?? null,
        lead_id: null,
      })),
    );
    return { number };
  }

  /**
   * This office handles the complaint: each subject found in the register of the office's subtree (name + unit;
   * an uncertain match becomes a task for a person) and its open lead here (or a new one); a repeat by the same
   * reporter on one of those leads; the acceptance notice owed to a real-name reporter.
   */
  private async accept(
    trx: Db,
    actor: UserActor,
    office: OfficeInfo,
    calendar: WorkingCalendar,
    id: ComplaintId,
    content: ComplaintContent,
    now: Date,
  ): Promise<Omit<CreateComplaintResponse, 'id' | 'number' | 'status' | 'transfer'>> {
    const leadIds: LeadId[] = [];
    let subjectMatchTasks = 0;
    for (const [index, subject] of content.subjects.entries()) {
      const resolved = await this.resolveSubject(trx, actor, office, id, subject, now);
      subjectMatchTasks += resolved.isUncertain ? 1 : 0;
      const lead = await findOpenLead(trx, office.id, resolved.subjectId);
      let leadId: LeadId;
      if (lead === undefined) {
        leadId = await insertLead(trx, {
          id: newLeadId(),
          office_id: office.id,
          subject_id: resolved.subjectId,
          status: 'open',
          created_by: actor.userId,
          created_at: now,
        });
      } else {
        leadId = lead.id;
      }
      await updateComplaintSubjectLink(trx, id, index + 1, { subject_id: resolved.subjectId, lead_id: leadId });
      if (!leadIds.includes(leadId)) {
        leadIds.push(leadId);
      }
    }
    // A repeat is the same reporter again on every lead it touches; a matter new to this reporter is owed a notice.
    const reporter = await findReporter(trx, id);
    let isRepeat = !content.isAnonymous && reporter !== undefined && leadIds.length > 0;
    for (const leadId of leadIds) {
      if (!isRepeat || reporter === undefined) {
        break;
      }
      isRepeat = await hasEarlierComplaintBySameReporter(
        trx,
        [leadId],
        { nameKey: reporter.name_key, linkageKeys: reporter.linkage_keys },
        id,
      );
    }
    // No new notice for the same reporter's repeat; any other real-name reporter is owed one (15 working days).
    const isNoticeOwed = !content.isAnonymous && !isRepeat;
    const due = isNoticeOwed ? computePeriodDeadline(calendar, content.receivedAt, ACCEPTANCE_NOTICE_PERIOD) : null;
    await updateComplaint(trx, id, {
      is_repeat: isRepeat,
      notice_owed: isNoticeOwed,
      notice_due: due === null ? null : JSON.stringify(due),
    });
    await refreshAccessArrays(trx, { complaintIds: [id] });
    return {
      leadIds,
      isRepeat,
      subjectMatchTasks,
      acceptanceNotice: isNoticeOwed ? { isOwed: true, due, sentOn: null, method: null, sentBy: null } : null,
    };
  }

  /** Finds or adds the subject's register entry; an uncertain match adds an entry and a task for a person. */
  private async resolveSubject(
    trx: Db,
    actor: UserActor,
    office: OfficeInfo,
    complaintId: ComplaintId,
    subject: SubjectInput,
    now: Date,
  ): Promise<{ subjectId: NonNullable<SubjectInput['subjectId']>; isUncertain: boolean }> {
    if (subject.subjectId !== undefined) {
      const known = await findSubject(trx, subject.subjectId);
      if (known === undefined || !known.office_path.startsWith(office.path)) {
        throw validationFailed('subjects.subjectId', '被反映人不在本机关的登记范围内 / not in this office’s register');
      }
      await this.linkAccount(trx, known, subject.userId);
      return { subjectId: known.id, isUncertain: false };
    }
    const nameKey = registerKey(subject.name);
    const unitKey = registerKey(subject.unit);
    const candidates = await findSubjectsByName(trx, office.path, nameKey);
    const exact = candidates.find((candidate) => unitKey !== '' && candidate.unit_key === unitKey);
    if (exact !== undefined) {
      await this.linkAccount(trx, exact, subject.userId);
      return { subjectId: exact.id, isUncertain: false };
    }
    const subjectId = newSubjectId();
    await insertSubject(trx, {
      id: subjectId,
      office_id: office.id,
      name: subject.name,
      unit: subject.unit ?? null,
      position: subject.position ?? null,
      rank_level: subject.rankLevel ?? null,
      is_party_member: subject.partyMember ?? null,
      is_candidate: subject.candidate === true,
      linked_user_id: subject.userId ?? null,
      name_key: nameKey,
      unit_key: unitKey,
      created_by: actor.userId,
      created_at: now,
    });
    // Only entries of this office are put to its intake: the subjects of offices below are their content, which
    // intake here may not read (an exact match below still links, showing nothing).
    const ownCandidates = candidates.filter((candidate) => candidate.office_id === office.id);
    if (ownCandidates.length === 0) {
      return { subjectId, isUncertain: false };
    }
    // The same name with another or no unit may be the same person: a person decides, intake is never refused.
    await insertMatchTask(trx, {
      id: randomUUID(),
      office_id: office.id,
      complaint_id: complaintId,
      subject_id: subjectId,
      candidate_ids: ownCandidates.map((candidate) => candidate.id),
      created_at: now,
    });
    return { subjectId, isUncertain: true };
  }

  /**
   * Records the subject's own account on a register entry that has none, and recuses it from every complaint on
   * the entry's leads at once (an entry already linked keeps its account; the new one is recused on this complaint).
   */
  private async linkAccount(
    trx: Db,
    entry: { id: SubjectId; linked_user_id: UserId | null },
    userId: UserId | undefined,
  ): Promise<void> {
    if (userId === undefined || entry.linked_user_id !== null) {
      return;
    }
    await linkSubjectUser(trx, entry.id, userId);
    await refreshAccessArrays(trx, { leadIds: await findLeadIdsOfSubject(trx, entry.id) });
  }

  /** The stub an office keeps of what it passed up or sent down: date, channel, destination — nothing else. */
  private async insertStub(
    trx: Db,
    actor: UserActor,
    office: OfficeInfo,
    settings: IntakeSettings,
    content: ComplaintContent,
    jurisdiction: Jurisdiction,
    target: OfficeInfo,
    calendar: WorkingCalendar,
    now: Date,
  ): Promise<{
    id: ComplaintId;
    number: string;
    status: ComplaintRow['status'];
    due: Deadline;
  }> {
    const id = newComplaintId();
    const year = chinaYearOf(now);
    const serial = await nextComplaintSerial(trx, office.id, year);
    const number = formatComplaintNumber({ prefix: settings.numberPrefix, word: settings.numberWord }, year, serial);
    const due = computePeriodDeadline(calendar, content.receivedAt, TRANSFER_PERIOD);
    const status = jurisdiction === 'down' ? 'sent_down' : 'passed_up';
    await insertComplaint(trx, {
      ...stubColumns(content),
      id,
      office_id: office.id,
      year,
      serial,
      number,
      registered_at: now,
      registered_by: actor.userId,
      jurisdiction,
      status,
      destination_office_id: target.id,
      transfer_due: JSON.stringify(due),
      transferred_at: now,
    });
    return { id, number, status, due };
  }

  /**
   * Carries a complaint's content to the destination office, where it arrives as a complaint (channel 转来,
   * waiting for that office's jurisdiction decision within 5 working days), and points the stub at it. Audited in
   * both offices' chains.
   */
  private async transferContent(
    trx: Db,
    actor: UserActor | null,
    from: OfficeInfo,
    target: OfficeInfo,
    stubId: ComplaintId,
    content: ComplaintContent,
    calendar: WorkingCalendar,
    now: Date,
    jurisdiction: Jurisdiction,
    auditActor: Actor = actor ?? { kind: 'operator', label: 'system' },
  ): Promise<ComplaintId> {
    const targetSettings = await this.deps.loadSettings(trx, target.id);
    const arrivalId = newComplaintId();
    const decisionDue = computePeriodDeadline(calendar, now, TRANSFER_PERIOD);
    const { number } = await this.insertWithContent(trx, null, target, targetSettings, arrivalId, content, {
      status: 'incoming',
      jurisdiction: 'handle',
      now,
      source: { complaintId: stubId, officeId: from.id, officeName: from.name },
      decisionDue: JSON.stringify(decisionDue),
    });
    await updateComplaint(trx, stubId, { transferred_complaint_id: arrivalId, transferred_at: now });
    await appendActorAudit(
      trx,
      auditActor,
      {
        officeIds: [from.id, target.id],
        action: jurisdiction === 'down' ? 'complaint.sent_down' : 'complaint.passed_up',
        targetIds: [stubId, arrivalId],
        details: { jurisdiction, number, fromOffice: from.name, toOffice: target.name },
      },
      this.deps.audit,
    );
    return arrivalId;
  }

  /**
   * The principal leader approved passing a complaint up: its content goes to the parent office and only the stub
   * stays here. Runs inside the approval's transaction.
   */
  async completePassUp(trx: Db, complaintId: ComplaintId, approver: Actor): Promise<void> {
    const row = await findComplaint(trx, complaintId, { forUpdate: true });
    if (row === undefined || row.status !== 'transfer_pending' || row.destination_office_id === null) {
      throw new AppError('CONFLICT', `complaint ${complaintId} is not waiting to be passed up`);
    }
    const content = await this.readContent(trx, row);
    const from = await this.officeInfo(trx, row.office_id);
    const target = await this.officeInfo(trx, row.destination_office_id);
    const calendar = await this.deps.loadCalendar(trx);
    const now = this.deps.clock.now();
    await this.transferContent(trx, null, from, target, complaintId, content, calendar, now, 'up', approver);
    await deleteComplaintContent(trx, complaintId);
    await updateComplaint(trx, complaintId, { ...stubScrub(), status: 'passed_up' });
  }

  /**
   * The principal returned the passing up: the complaint comes back to intake's jurisdiction decision (handle it here
   * or pass it on), due within 5 working days. Runs inside the approval's transaction.
   */
  async returnPassUp(trx: Db, complaintId: ComplaintId): Promise<void> {
    const row = await findComplaint(trx, complaintId, { forUpdate: true });
    if (row === undefined || row.status !== 'transfer_pending') {
      throw new AppError('CONFLICT', `complaint ${complaintId} is not waiting to be passed up`);
    }
    const calendar = await this.deps.loadCalendar(trx);
    const due = computePeriodDeadline(calendar, this.deps.clock.now(), TRANSFER_PERIOD);
    await updateComplaint(trx, complaintId, {
      status: 'incoming',
      jurisdiction: 'handle',
      destination_office_id: null,
      transfer_due: null,
      decision_due: JSON.stringify(due),
    });
  }

  /**
   * The receiving office decides on an arrival (status `incoming`): handle it here — subjects, leads, notice — or
   * pass it on up or down, keeping a stub.
   */
  async decideJurisdiction(
    actorIn: Actor,
    complaintId: ComplaintId,
    decision: { jurisdiction: Jurisdiction; destinationOfficeId?: OfficeId | undefined },
  ): Promise<CreateComplaintResponse> {
    const actor = requireUserActor(actorIn);
    const { db, clock } = this.deps;
    return db.transaction().execute(async (trx) => {
      const row = await findComplaint(trx, complaintId, { forUpdate: true });
      if (
        row === undefined ||
        row.office_id !== actor.activeOfficeId ||
        !actor.activeRoles.includes('intake') ||
        row.recused_user_ids.includes(actor.userId)
      ) {
        throw notFound('complaint');
      }
      if (row.status !== 'incoming') {
        throw new AppError('CONFLICT', 'only an arrival waits for a jurisdiction decision', {
          userMessage: '该件已作出管辖决定。',
        });
      }
      const now = clock.now();
      const office = await this.officeInfo(trx, row.office_id);
      const calendar = await this.deps.loadCalendar(trx);
      const content = await this.readContent(trx, row);
      if (decision.jurisdiction === 'up') {
        // Up from here goes as at intake: held until this office's principal approves.
        const target = await this.destinationOf(trx, office, 'up', undefined);
        await updateComplaint(trx, complaintId, { jurisdiction: 'up', decision_due: null });
        return this.holdForPassingUp(
          trx,
          actor,
          office,
          { id: complaintId, number: row.number },
          target,
          calendar,
          now,
        );
      }
      if (decision.jurisdiction === 'handle') {
        await updateComplaint(trx, complaintId, { status: 'registered', decision_due: null });
        const accepted = await this.accept(trx, actor, office, calendar, complaintId, content, now);
        await appendActorAudit(
          trx,
          actor,
          {
            officeIds: [office.id],
            action: 'complaint.accepted',
            targetIds: [complaintId, ...accepted.leadIds],
            details: { number: row.number },
          },
          this.deps.audit,
        );
        return { id: complaintId, number: row.number, status: 'registered', transfer: null, ...accepted };
      }
      const target = await this.destinationOf(trx, office, decision.jurisdiction, decision.destinationOfficeId);
      const due = computePeriodDeadline(calendar, new Date(row.received_at), TRANSFER_PERIOD);
      await this.transferContent(
        trx,
        actor,
        office,
        target!,
        complaintId,
        content,
        calendar,
        now,
        decision.jurisdiction,
      );
      await deleteComplaintContent(trx, complaintId);
      await updateComplaint(trx, complaintId, {
        ...stubScrub(),
        status: decision.jurisdiction === 'down' ? 'sent_down' : 'passed_up',
        jurisdiction: decision.jurisdiction,
        destination_office_id: target!.id,
        transfer_due: JSON.stringify(due),
        decision_due: null,
      });
      return {
        id: complaintId,
        number: row.number,
        status: decision.jurisdiction === 'down' ? 'sent_down' : 'passed_up',
        leadIds: [],
        isRepeat: false,
        acceptanceNotice: null,
        subjectMatchTasks: 0,
        transfer: {
          jurisdiction: decision.jurisdiction,
          destinationOfficeId: target!.id,
          destinationOfficeName: target!.name,
          due,
          transferredAt: now.toISOString(),
          approvalId: null,
        },
      };
    });
  }

  /** A complaint's content read back (the reporter and co-signers opened with the data key). */
  private async readContent(trx: Db, row: ComplaintRow): Promise<ComplaintContent> {
    const reporterRow = await findReporter(trx, row.id);
    const cosigners = await findCosigners(trx, row.id);
    const allegations = await findAllegations(trx, [row.id]);
    const subjects = await findComplaintSubjects(trx, [row.id]);
    return {
      receivedAt: new Date(row.received_at),
      channel: row.channel,
      referringOrgan: row.referring_organ,
      text: row.text ?? '',
      isAnonymous: row.is_anonymous,
      reporter: reporterRow === undefined ? null : openReporter(this.deps.key, row.id, reporterRow.identity_sealed),
      cosigners: cosigners.map((c) => ({
        name: openCosigner(this.deps.key, row.id, c.position, c.name_sealed),
        isDenied: c.is_denied,
      })),
      allegations: allegations.map((a) => ({ category: a.category, summary: a.summary })),
      subjects: subjects.map((s) => ({
        name: s.name,
        ...(s.unit === null ? {} : { unit: s.unit }),
        ...(s.position_title === null ? {} : { position: s.position_title }),
        ...(s.rank_level === null ? {} : { rankLevel: s.rank_level }),
        ...(s.is_party_member === null ? {} : { partyMember: s.is_party_member }),
        candidate: s.is_candidate,
      })),
      hasNoSubstance: row.has_no_substance,
      externalReference: row.external_reference,
      recusedUserIds: row.recused_user_ids,
    };
  }

  private async auditRegistered(
    trx: Db,
    actor: UserActor,
    office: OfficeInfo,
    id: ComplaintId,
    number: string,
    content: ComplaintContent,
    jurisdiction: Jurisdiction,
    leadIds: readonly LeadId[],
  ): Promise<void> {
    await appendActorAudit(
      trx,
      actor,
      {
        officeIds: [office.id],
        action: 'complaint.registered',
        targetIds: [id, ...leadIds],
        details: {
          number,
          channel: content.channel,
          jurisdiction,
          isAnonymous: content.isAnonymous,
          subjects: content.subjects.length,
          allegations: content.allegations.length,
        },
      },
      this.deps.audit,
    );
  }
}

/** The users linked to the subjects (they never see the complaint, its lead or its stub). */
function linkedUserIds(subjects: readonly SubjectInput[]): UserId[] {
  return subjects.flatMap((subject) => (subject.userId === undefined ? [] : [subject.userId]));
}

/** The columns of a stub: the date and channel it came by, nothing about its subject or content. */
function stubColumns(content: ComplaintContent) {
  return {
    channel: content.channel,
    received_at: content.receivedAt,
    ...stubScrub(),
    transfer_approval_id: null,
    transferred_complaint_id: null,
    source_complaint_id: null,
    decision_due: null,
    recused_user_ids: content.recusedUserIds,
  };
}

/** What a complaint keeps no more once it became a stub. */
function stubScrub() {
  return {
    is_stub: true,
    // A stub records no reporter: stored as anonymous, with no referring organ or origin either.
    is_anonymous: true,
    reporter_status: 'anonymous' as const,
    referring_organ: null,
    source_office_id: null,
    text: null,
    is_repeat: false,
    has_no_substance: false,
    external_reference: null,
    cosigner_count: 0,
    reporter_checked_by: null,
    reporter_checked_at: null,
    reporter_check_method: null,
    notice_owed: false,
    notice_due: null,
    notice_sent_on: null,
    notice_method: null,
    notice_sent_by: null,
  };
}
