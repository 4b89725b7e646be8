import { sql, type Insertable, type Selectable } from 'kysely';
import type { ComplaintId, LeadId, OfficeId, Role, SubjectId, UserId } from '@zhengming/contracts';
import type { LeadsTable, SubjectsTable } from '../../db/database.js';
import type { Db } from '../../deps.js';

/* The queries of the subject register, leads, their handling teams and recusal lists, and match tasks. */

export type SubjectRow = Selectable<SubjectsTable>;
export type LeadRow = Selectable<LeadsTable>;

/** Register entries with this normalised name in the office's subtree (the office and every office below). */
export async function findSubjectsByName(db: Db, officePath: string, nameKey: string): Promise<SubjectRow[]> {
  return db
    .selectFrom('subjects')
    .innerJoin('offices', 'offices.id', 'subjects.office_id')
    .selectAll('subjects')
    .where('subjects.name_key', '=', nameKey)
    .where('offices.path', 'like', `${officePath}%`)
    .orderBy('subjects.created_at')
    .limit(50)
    .execute();
}

/** A register entry with its office path, or undefined. */
export async function findSubject(db: Db, id: SubjectId): Promise<(SubjectRow & { office_path: string }) | undefined> {
  return db
    .selectFrom('subjects')
    .innerJoin('offices', 'offices.id', 'subjects.office_id')
    .selectAll('subjects')
    .select('offices.path as office_path')
    .where('subjects.id', '=', id)
    .executeTakeFirst();
}

export async function insertSubject(db: Db, row: Insertable<SubjectsTable>): Promise<void> {
  await db.insertInto('subjects').values(row).execute();
}

/** The open lead of this office about this subject, if any. */
export async function findOpenLead(db: Db, officeId: OfficeId, subjectId: SubjectId): Promise<LeadRow | undefined> {
  return db
    .selectFrom('leads')
    .selectAll()
    .where('office_id', '=', officeId)
    .where('subject_id', '=', subjectId)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Opens a lead about the subject, or answers the open one a concurrent registration opened first (one open lead per
 * subject and office). Returns the id of the open lead.
 */
export async function insertLead(db: Db, row: Insertable<LeadsTable>): Promise<LeadId> {
  const inserted = await db
    .insertInto('leads')
    .values(row)
    .onConflict((oc) => oc.columns(['office_id', 'subject_id']).where('status', '=', 'open').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted !== undefined) {
    return inserted.id;
  }
  const open = await findOpenLead(db, row.office_id, row.subject_id);
  if (open === undefined) {
    throw new Error('an open lead conflicted but cannot be found');
  }
  return open.id;
}

/** A lead with its office's name and path, or undefined. */
export async function findLead(
  db: Db,
  id: LeadId,
): Promise<(LeadRow & { office_name: string; office_path: string }) | undefined> {
  return db
    .selectFrom('leads')
    .innerJoin('offices', 'offices.id', 'leads.office_id')
    .selectAll('leads')
    .select(['offices.name as office_name', 'offices.path as office_path'])
    .where('leads.id', '=', id)
    .executeTakeFirst();
}

/** The complaints on a lead, oldest received first. */
export async function findLeadComplaints(
  db: Db,
  leadId: LeadId,
): Promise<{ id: ComplaintId; number: string; received_at: Date }[]> {
  return db
    .selectFrom('complaint_subjects')
    .innerJoin('complaints', 'complaints.id', 'complaint_subjects.complaint_id')
    .select(['complaints.id', 'complaints.number', 'complaints.received_at'])
    .where('complaint_subjects.lead_id', '=', leadId)
    .orderBy('complaints.received_at')
    .execute();
}

/** The members of a lead's handling team, with names. */
export async function findTeam(
  db: Db,
  leadId: LeadId,
): Promise<{ user_id: UserId; display_name: string; role: string; added_at: Date }[]> {
  return db
    .selectFrom('lead_team_members')
    .innerJoin('users', 'users.id', 'lead_team_members.user_id')
    .select(['lead_team_members.user_id', 'users.display_name', 'lead_team_members.role', 'lead_team_members.added_at'])
    .where('lead_team_members.lead_id', '=', leadId)
    .orderBy('lead_team_members.added_at')
    .execute();
}

/** The users recused from a lead: its recusal list and the subject's linked user account. */
export async function findRecusals(
  db: Db,
  leadId: LeadId,
): Promise<{ user_id: UserId; display_name: string; reason: string }[]> {
  return db
    .selectFrom('lead_recusals')
    .innerJoin('users', 'users.id', 'lead_recusals.user_id')
    .select(['lead_recusals.user_id', 'users.display_name', 'lead_recusals.reason'])
    .where('lead_recusals.lead_id', '=', leadId)
    .orderBy('lead_recusals.added_at')
    .execute();
}

/**
 * Every user who may not see the lead: its recusal list, the subject's linked account, and whoever a complaint on it
 * excludes (a linked account named at intake, the principal of a complaint about the principal).
 */
export async function findRecusedUserIds(db: Db, leadId: LeadId): Promise<string[]> {
  const rows = await sql<{ user_id: string }>`
    SELECT user_id FROM lead_recusals WHERE lead_id = ${leadId}
    UNION
    SELECT s.linked_user_id FROM leads l JOIN subjects s ON s.id = l.subject_id
      WHERE l.id = ${leadId} AND s.linked_user_id IS NOT NULL
    UNION
    SELECT unnest(c.recused_user_ids) FROM complaint_subjects cs JOIN complaints c ON c.id = cs.complaint_id
      WHERE cs.lead_id = ${leadId}`.execute(db);
  return rows.rows.map((row) => row.user_id);
}

export async function insertTeamMember(
  db: Db,
  row: {
    lead_id: LeadId;
    user_id: UserId;
    role: string;
    added_by: UserId | null;
    added_at: Date;
    approval_id: string | null;
  },
): Promise<boolean> {
  const result = await db
    .insertInto('lead_team_members')
    .values(row)
    .onConflict((oc) => oc.columns(['lead_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function insertRecusal(
  db: Db,
  row: { lead_id: LeadId; user_id: UserId; reason: string; added_by: UserId | null; added_at: Date },
): Promise<void> {
  await db
    .insertInto('lead_recusals')
    .values(row)
    .onConflict((oc) => oc.columns(['lead_id', 'user_id']).doNothing())
    .execute();
}

/** The content roles a user holds in an office by an active grant. */
export async function findActiveRoles(db: Db, userId: UserId, officeId: OfficeId): Promise<Role[]> {
  const rows = await db
    .selectFrom('role_grants')
    .select('role')
    .where('user_id', '=', userId)
    .where('office_id', '=', officeId)
    .where('status', '=', 'active')
    .execute();
  return rows.map((row) => row.role);
}

export async function insertMatchTask(
  db: Db,
  row: {
    id: string;
    office_id: OfficeId;
    complaint_id: ComplaintId;
    subject_id: SubjectId;
    candidate_ids: string[];
    created_at: Date;
  },
): Promise<void> {
  await db
    .insertInto('subject_match_tasks')
    .values({ ...row, status: 'open' })
    .execute();
}

/** The open match tasks of an office, oldest first, with the complaint's number. */
export async function listOpenMatchTasks(db: Db, officeId: OfficeId) {
  return db
    .selectFrom('subject_match_tasks')
    .innerJoin('complaints', 'complaints.id', 'subject_match_tasks.complaint_id')
    .selectAll('subject_match_tasks')
    .select('complaints.number as complaint_number')
    .where('subject_match_tasks.office_id', '=', officeId)
    .where('subject_match_tasks.status', '=', 'open')
    .orderBy('subject_match_tasks.created_at')
    .limit(200)
    .execute();
}

/** Register entries by id, with their office's name. */
export async function findSubjectsByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) {
    return [];
  }
  return db
    .selectFrom('subjects')
    .innerJoin('offices', 'offices.id', 'subjects.office_id')
    .selectAll('subjects')
    .select('offices.name as office_name')
    .where(
      'subjects.id',
      'in',
      ids.map((id) => id as SubjectId),
    )
    .execute();
}

/** One match task, locked until the end of the transaction. */
export async function lockMatchTask(db: Db, id: string) {
  return db.selectFrom('subject_match_tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function resolveMatchTask(
  db: Db,
  id: string,
  resolution: { status: 'merged' | 'distinct'; by: UserId; at: Date },
): Promise<void> {
  await db
    .updateTable('subject_match_tasks')
    .set({ status: resolution.status, resolved_by: resolution.by, resolved_at: resolution.at })
    .where('id', '=', id)
    .execute();
}

/**
 * Moves everything about one register entry onto another (the same person): the complaints' subjects, and the
 * leads — a lead of the same office joins the other entry's open lead there (its complaints, team and recusals
 * move over and the emptied lead goes), any other lead is re-pointed. Returns the leads that now hold them.
 */
export async function mergeSubjectInto(db: Db, from: SubjectId, into: SubjectId): Promise<LeadId[]> {
  await db.updateTable('complaint_subjects').set({ subject_id: into }).where('subject_id', '=', from).execute();
  const leads = await db.selectFrom('leads').selectAll().where('subject_id', '=', from).execute();
  const result: LeadId[] = [];
  for (const lead of leads) {
    const target = await findOpenLead(db, lead.office_id, into);
    if (target === undefined) {
      await db.updateTable('leads').set({ subject_id: into }).where('id', '=', lead.id).execute();
      result.push(lead.id);
      continue;
    }
    await db.updateTable('complaint_subjects').set({ lead_id: target.id }).where('lead_id', '=', lead.id).execute();
    await sql`INSERT INTO lead_team_members (lead_id, user_id, role, added_by, added_at, approval_id)
      SELECT ${target.id}, user_id, role, added_by, added_at, approval_id FROM lead_team_members
      WHERE lead_id = ${lead.id} ON CONFLICT DO NOTHING`.execute(db);
    await sql`INSERT INTO lead_recusals (lead_id, user_id, reason, added_by, added_at)
      SELECT ${target.id}, user_id, reason, added_by, added_at FROM lead_recusals
      WHERE lead_id = ${lead.id} ON CONFLICT DO NOTHING`.execute(db);
    await db.deleteFrom('lead_team_members').where('lead_id', '=', lead.id).execute();
    await db.deleteFrom('lead_recusals').where('lead_id', '=', lead.id).execute();
    await db.deleteFrom('leads').where('id', '=', lead.id).execute();
    result.push(target.id);
  }
  return result;
}

/** The users holding the principal flag (主要负责人) of an office by an active leader grant. */
export async function findPrincipalUserIds(db: Db, officeId: OfficeId): Promise<UserId[]> {
  const rows = await db
    .selectFrom('role_grants')
    .select('user_id')
    .where('office_id', '=', officeId)
    .where('role', '=', 'leader')
    .where('is_principal', '=', true)
    .where('status', '=', 'active')
    .execute();
  return rows.map((row) => row.user_id);
}

/** Links a register entry to the subject's own user account. */
export async function linkSubjectUser(db: Db, subjectId: SubjectId, userId: UserId): Promise<void> {
  await db
    .updateTable('subjects')
    .set({ linked_user_id: userId })
    .where('id', '=', subjectId)
    .where('linked_user_id', 'is', null)
    .execute();
}

/** The leads about a register entry. */
export async function findLeadIdsOfSubject(db: Db, subjectId: SubjectId): Promise<LeadId[]> {
  const rows = await db.selectFrom('leads').select('id').where('subject_id', '=', subjectId).execute();
  return rows.map((row) => row.id);
}
