import { sql, type Insertable, type Selectable } from 'kysely';
import type { ComplaintId, ComplaintListQuery, LeadId, OfficeId, UserId } from '@zhengming/contracts';
import type {
  ComplaintAllegationsTable,
  ComplaintCosignersTable,
  ComplaintReportersTable,
  ComplaintSubjectsTable,
  ComplaintsTable,
} from '../../db/database.js';
import type { Db } from '../../deps.js';

/*
 * The queries of complaints: numbers, the complaint and its parts, the list filtered by the access matrix in SQL,
 * and approved reveals. Only queries; the service decides.
 */

export type ComplaintRow = Selectable<ComplaintsTable>;
export type ComplaintInsert = Insertable<ComplaintsTable>;

/** The next serial number of an office's complaints in a year (one counter row per office and year). */
export async function nextComplaintSerial(db: Db, officeId: OfficeId, year: number): Promise<number> {
  const row = await db
    .insertInto('complaint_counters')
    .values({ office_id: officeId, year, last_serial: 1 })
    .onConflict((oc) =>
      oc.columns(['office_id', 'year']).doUpdateSet({ last_serial: sql<number>`complaint_counters.last_serial + 1` }),
    )
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return row.last_serial;
}

export async function insertComplaint(db: Db, row: ComplaintInsert): Promise<void> {
  await db.insertInto('complaints').values(row).execute();
}

export async function insertReporter(db: Db, row: Insertable<ComplaintReportersTable>): Promise<void> {
  await db.insertInto('complaint_reporters').values(row).execute();
}

export async function insertCosigners(db: Db, rows: Insertable<ComplaintCosignersTable>[]): Promise<void> {
  if (rows.length > 0) {
    await db.insertInto('complaint_cosigners').values(rows).execute();
  }
}

export async function insertAllegations(db: Db, rows: Insertable<ComplaintAllegationsTable>[]): Promise<void> {
  if (rows.length > 0) {
    await db.insertInto('complaint_allegations').values(rows).execute();
  }
}

export async function insertComplaintSubjects(db: Db, rows: Insertable<ComplaintSubjectsTable>[]): Promise<void> {
  if (rows.length > 0) {
    await db.insertInto('complaint_subjects').values(rows).execute();
  }
}

/** A complaint with its office's name and path, or undefined. */
export async function findComplaint(
  db: Db,
  id: ComplaintId,
  options: { forUpdate?: boolean } = {},
): Promise<(ComplaintRow & { office_name: string; office_path: string }) | undefined> {
  let query = db
    .selectFrom('complaints')
    .innerJoin('offices', 'offices.id', 'complaints.office_id')
    .selectAll('complaints')
    .select(['offices.name as office_name', 'offices.path as office_path'])
    .where('complaints.id', '=', id);
  if (options.forUpdate === true) {
    query = query.forUpdate('complaints');
  }
  return query.executeTakeFirst();
}

export async function findReporter(
  db: Db,
  complaintId: ComplaintId,
): Promise<Selectable<ComplaintReportersTable> | undefined> {
  return db.selectFrom('complaint_reporters').selectAll().where('complaint_id', '=', complaintId).executeTakeFirst();
}

export async function findCosigners(db: Db, complaintId: ComplaintId): Promise<Selectable<ComplaintCosignersTable>[]> {
  return db
    .selectFrom('complaint_cosigners')
    .selectAll()
    .where('complaint_id', '=', complaintId)
    .orderBy('position')
    .execute();
}

export async function findAllegations(
  db: Db,
  complaintIds: readonly ComplaintId[],
): Promise<Selectable<ComplaintAllegationsTable>[]> {
  if (complaintIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('complaint_allegations')
    .selectAll()
    .where('complaint_id', 'in', [...complaintIds])
    .orderBy('complaint_id')
    .orderBy('position')
    .execute();
}

export async function findComplaintSubjects(
  db: Db,
  complaintIds: readonly ComplaintId[],
): Promise<Selectable<ComplaintSubjectsTable>[]> {
  if (complaintIds.length === 0) {
    return [];
  }
  return db
    .selectFrom('complaint_subjects')
    .selectAll()
    .where('complaint_id', 'in', [...complaintIds])
    .orderBy('complaint_id')
    .orderBy('position')
    .execute();
}

export async function updateComplaint(
  db: Db,
  id: ComplaintId,
  patch: Partial<Omit<ComplaintInsert, 'id'>>,
): Promise<void> {
  await db.updateTable('complaints').set(patch).where('id', '=', id).execute();
}

export async function updateComplaintSubjectLink(
  db: Db,
  complaintId: ComplaintId,
  position: number,
  link: Pick<ComplaintInsert, never> & { subject_id: ComplaintSubjectsTable['subject_id']; lead_id: LeadId | null },
): Promise<void> {
  await db
    .updateTable('complaint_subjects')
    .set(link)
    .where('complaint_id', '=', complaintId)
    .where('position', '=', position)
    .execute();
}

export async function markCosignerDenied(
  db: Db,
  complaintId: ComplaintId,
  position: number,
  denial: { method: string; by: UserId; at: Date },
): Promise<number> {
  const result = await db
    .updateTable('complaint_cosigners')
    .set({
      is_denied: true,
      denial_method: denial.method,
      denial_recorded_by: denial.by,
      denial_recorded_at: denial.at,
    })
    .where('complaint_id', '=', complaintId)
    .where('position', '=', position)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Removes everything of a complaint but its stub row: reporter, co-signers, allegations, subjects. */
export async function deleteComplaintContent(db: Db, complaintId: ComplaintId): Promise<void> {
  await db.deleteFrom('complaint_reporters').where('complaint_id', '=', complaintId).execute();
  await db.deleteFrom('complaint_cosigners').where('complaint_id', '=', complaintId).execute();
  await db.deleteFrom('complaint_allegations').where('complaint_id', '=', complaintId).execute();
  await db.deleteFrom('complaint_subjects').where('complaint_id', '=', complaintId).execute();
}

/**
 * Whether an earlier complaint on one of the leads came from the same reporter: the same stated name and a shared
 * linkage value (DESIGN §5: the same name with the same linkage value is one reporter; two different names on one
 * phone are two reporters, which is what `SAME_SOURCE` reports; one name without a phone or address to tell is
 * owed its notice rather than taken for another person).
 */
export async function hasEarlierComplaintBySameReporter(
  db: Db,
  leadIds: readonly LeadId[],
  reporter: { nameKey: string | null; linkageKeys: readonly string[] },
  exceptComplaintId: ComplaintId,
): Promise<boolean> {
  // Without a linkage value on this side nothing tells two people of one name apart: owe the notice.
  if (leadIds.length === 0 || reporter.nameKey === null || reporter.linkageKeys.length === 0) {
    return false;
  }
  const linkage = [...reporter.linkageKeys];
  const row = await db
    .selectFrom('complaint_subjects')
    .innerJoin('complaints', 'complaints.id', 'complaint_subjects.complaint_id')
    .innerJoin('complaint_reporters', 'complaint_reporters.complaint_id', 'complaints.id')
    .select('complaints.id')
    .where('complaint_subjects.lead_id', 'in', [...leadIds])
    .where('complaints.id', '<>', exceptComplaintId)
    .where('complaints.is_anonymous', '=', false)
    .where('complaint_reporters.name_key', '=', reporter.nameKey)
    .where(sql<boolean>`complaint_reporters.linkage_keys && ${sql.val(linkage)}::text[]`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which cells of the access matrix the caller's roles open, for filtering lists in SQL (access/matrix.ts). */
export interface ListAccess {
  userId: UserId;
  /** Materialised path of the active office. */
  activePath: string;
  metadataOwn: boolean;
  metadataBelow: boolean;
  contentOwn: 'always' | 'assigned' | 'never';
  contentBelow: boolean;
}

/**
 * The access condition on `complaints`, as SQL: metadata visible, not recused. The offices are picked by path in a
 * subquery so that the condition is on `complaints.office_id` — an index walks it (migration 0011), where a
 * condition on the joined `offices.path` read every complaint.
 */
function visibleCondition(access: ListAccess) {
  const own = sql<boolean>`visible.path = ${access.activePath}`;
  const below = sql<boolean>`visible.path LIKE ${`${access.activePath}_%`}`;
  const officeCondition =
    access.metadataOwn && access.metadataBelow
      ? sql<boolean>`(${own} OR ${below})`
      : access.metadataOwn
        ? own
        : access.metadataBelow
          ? below
          : sql<boolean>`false`;
  return sql<boolean>`(complaints.office_id IN (SELECT visible.id FROM offices AS visible WHERE ${officeCondition})
    AND NOT (${access.userId}::uuid = ANY (complaints.recused_user_ids)))`;
}

/** Whether the row's content is open to the caller, as SQL (the content cell of the matrix). */
function contentCondition(access: ListAccess) {
  const ownCell =
    access.contentOwn === 'always'
      ? sql<boolean>`true`
      : access.contentOwn === 'assigned'
        ? sql<boolean>`${access.userId}::uuid = ANY (complaints.assigned_user_ids)`
        : sql<boolean>`false`;
  return sql<boolean>`CASE WHEN offices.path = ${access.activePath} THEN ${ownCell} ELSE ${sql.lit(access.contentBelow)} END`;
}

export interface ComplaintListRow {
  id: ComplaintId;
  number: string;
  office_id: OfficeId;
  office_name: string;
  channel: ComplaintRow['channel'];
  received_at: Date;
  registered_at: Date;
  status: ComplaintRow['status'];
  is_anonymous: boolean;
  is_repeat: boolean;
  notice_owed: boolean;
  notice_due: ComplaintRow['notice_due'];
  notice_sent_on: string | null;
  can_read_content: boolean;
}

/** The China-time start of a date, as an instant (for received-date filters). */
const chinaDayStart = (date: string): string => `${date}T00:00:00+08:00`;

/**
 * One page of the complaints the caller may see (metadata cell, recusal), newest registered first, and the total,
 * in two queries whatever the size of the archive. Filters narrow further; content-only filters (the subject)
 * match only rows whose content the caller may read.
 */
export async function listVisibleComplaints(
  db: Db,
  access: ListAccess,
  query: ComplaintListQuery,
  after: { registeredAt: Date; id: ComplaintId } | null = null,
): Promise<{ rows: ComplaintListRow[]; total: number }> {
  let base = db
    .selectFrom('complaints')
    .innerJoin('offices', 'offices.id', 'complaints.office_id')
    .where(visibleCondition(access));
  if (query.officeId !== undefined) {
    base = base.where('complaints.office_id', '=', query.officeId);
  }
  if (query.channel !== undefined) {
    base = base.where('complaints.channel', '=', query.channel);
  }
  if (query.status !== undefined) {
    base = base.where('complaints.status', '=', query.status);
  }
  if (query.reporterKind !== undefined) {
    base = base.where('complaints.is_anonymous', '=', query.reporterKind === 'anonymous');
  }
  if (query.receivedFrom !== undefined) {
    base = base.where('complaints.received_at', '>=', new Date(chinaDayStart(query.receivedFrom)));
  }
  if (query.receivedTo !== undefined) {
    base = base.where(
      'complaints.received_at',
      '<',
      sql<Date>`${chinaDayStart(query.receivedTo)}::timestamptz + interval '1 day'`,
    );
  }
  if (query.subjectId !== undefined) {
    const subjectId = query.subjectId;
    base = base
      .where(contentCondition(access))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('complaint_subjects')
            .select(sql.lit(1).as('one'))
            .whereRef('complaint_subjects.complaint_id', '=', 'complaints.id')
            .where('complaint_subjects.subject_id', '=', subjectId),
        ),
      );
  }
  const paged =
    after === null
      ? base
      : base.where(sql<boolean>`(complaints.registered_at, complaints.id) < (${after.registeredAt}, ${after.id})`);
  const rows = await paged
    .select([
      'complaints.id',
      'complaints.number',
      'complaints.office_id',
      'offices.name as office_name',
      'complaints.channel',
      'complaints.received_at',
      'complaints.registered_at',
      'complaints.status',
      'complaints.is_anonymous',
      'complaints.is_repeat',
      'complaints.notice_owed',
      'complaints.notice_due',
      'complaints.notice_sent_on',
    ])
    .select(contentCondition(access).as('can_read_content'))
    .orderBy('complaints.registered_at', 'desc')
    .orderBy('complaints.id', 'desc')
    .limit(query.pageSize)
    .offset(after === null ? (query.page - 1) * query.pageSize : 0)
    .execute();
  const total = await base.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  return {
    rows: rows.map((row) => ({ ...row, notice_sent_on: formatDateColumn(row.notice_sent_on) })),
    total: Number(total.count),
  };
}

/** A `date` column as `YYYY-MM-DD` (drivers return a string or a Date). */
export function formatDateColumn(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (value instanceof Date) {
    return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
  }
  return typeof value === 'string' ? value.slice(0, 10) : null;
}

/** The subjects' names of the given complaints, by complaint. */
export async function findSubjectNames(db: Db, complaintIds: readonly ComplaintId[]): Promise<Map<string, string[]>> {
  const rows = await findComplaintSubjects(db, complaintIds);
  const names = new Map<string, string[]>();
  for (const row of rows) {
    names.set(row.complaint_id, [...(names.get(row.complaint_id) ?? []), row.name]);
  }
  return names;
}

/** The reveal of a complaint's identity to a user that is valid at `now`, if any (the one lasting longest). */
export async function findValidReveal(
  db: Db,
  complaintId: ComplaintId,
  userId: UserId,
  now: Date,
): Promise<{ valid_until: Date } | undefined> {
  return db
    .selectFrom('identity_reveals')
    .select('valid_until')
    .where('complaint_id', '=', complaintId)
    .where('user_id', '=', userId)
    .where('valid_from', '<=', now)
    .where('valid_until', '>', now)
    .orderBy('valid_until', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertReveal(
  db: Db,
  row: {
    id: string;
    complaint_id: ComplaintId;
    user_id: UserId;
    approval_id: string;
    valid_from: Date;
    valid_until: Date;
  },
): Promise<void> {
  await db.insertInto('identity_reveals').values(row).execute();
}

/**
 * Copies the handling teams and recusal lists of a complaint's leads, and its subjects' linked users, onto the
 * complaint rows (the arrays the list filter reads), for every complaint on the given leads or with the given ids.
 */
export async function refreshAccessArrays(
  db: Db,
  target: { leadIds?: readonly LeadId[]; complaintIds?: readonly ComplaintId[] },
): Promise<void> {
  const leadIds = [...(target.leadIds ?? [])];
  const complaintIds = [...(target.complaintIds ?? [])];
  if (leadIds.length === 0 && complaintIds.length === 0) {
    return;
  }
  await sql`
    UPDATE complaints SET
      assigned_user_ids = COALESCE((
        SELECT array_agg(DISTINCT tm.user_id) FROM complaint_subjects cs
        JOIN lead_team_members tm ON tm.lead_id = cs.lead_id
        WHERE cs.complaint_id = complaints.id), '{}'::uuid[]),
      recused_user_ids = COALESCE((
        SELECT array_agg(DISTINCT u) FROM (
          SELECT r.user_id AS u FROM complaint_subjects cs JOIN lead_recusals r ON r.lead_id = cs.lead_id
            WHERE cs.complaint_id = complaints.id
          UNION
          SELECT s.linked_user_id FROM complaint_subjects cs JOIN subjects s ON s.id = cs.subject_id
            WHERE cs.complaint_id = complaints.id AND s.linked_user_id IS NOT NULL
          UNION
          SELECT unnest(complaints.recused_user_ids)
        ) AS everyone), '{}'::uuid[])
    WHERE complaints.id IN (
      SELECT complaint_id FROM complaint_subjects WHERE lead_id = ANY (${leadIds}::uuid[])
      UNION SELECT unnest(${complaintIds}::uuid[]))`.execute(db);
}
