import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  ACCEPTANCE_NOTICE_PERIOD,
  ALLEGATION_CATEGORIES,
  DEFAULT_NUMBER_WORD,
  formatComplaintNumber,
  TRANSFER_PERIOD,
  type AllegationCategory,
  type Channel,
  type ComplaintId,
  type ComplaintStatus,
  type CreateComplaintInput,
  type Jurisdiction,
  type LeadId,
  type OfficeId,
  type OfficeLevel,
  type Role,
  type SubjectId,
  type UserId,
} from '@zhengming/contracts';
import {
  buildApp,
  chinaDateOf,
  computePeriodDeadline,
  createAuditWriter,
  generateDataKey,
  loadShippedYears,
  openDatabase,
  registerKey,
  seal,
  sealCosigner,
  sealReporter,
  systemClock,
  WorkingCalendar,
  type BuiltApp,
  type DatabaseHandle,
  type Db,
  type DataKey,
} from '@zhengming/server';
import { sql } from 'kysely';
import { logStep, percentile, round } from './bench-stats.js';
import { generateCorpus, isoChina, type CorpusRecord } from './corpus/generate-corpus.js';
import { SeededRandom } from './corpus/random.js';
import { readMachineInfo } from './machine-info.js';

/*
 * The case model at scale (issue 11's targets): a fresh database of each engine filled with N complaints as intake
 * would have registered them — offices, users, the subject register, leads, sealed reporters, numbers, access
 * arrays — written in batches, then registering, listing and reading complaints timed through the real API
 * (`buildApp` + `app.inject`: routing, the session guard, Zod in and out, the services, the database).
 */

/** Issue 11's targets (milliseconds, p99), measured through the API; screening is not part of registering yet. */
export const CASE_MODEL_TARGETS = { registerP99Ms: 50, listP99Ms: 100, detailP99Ms: 30 } as const;

const DAY_MS = 86_400_000;
const INSERT_BATCH = 500;

/** What the case-model part is asked to do. */
export interface CaseModelOptions {
  size: number;
  seed: number;
  databaseUrl: string;
  isPgliteSkipped: boolean;
  isServerSkipped: boolean;
  workDir: string;
  registrations: number;
  listPages: number;
  details: number;
}

/** Latency of one timed operation. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  failures: number;
}

/** A user of the bench world with a signed-in session. */
interface BenchUser {
  id: UserId;
  officeId: OfficeId;
  role: Role;
  headers: { cookie: string; 'x-csrf-token': string };
}

interface BenchOffice {
  id: OfficeId;
  name: string;
  level: OfficeLevel;
  path: string;
  parentId: OfficeId | null;
}

/** The register of one office: its subjects with their (lazily created) open lead. */
interface BenchSubject {
  id: SubjectId;
  officeId: OfficeId;
  name: string;
  unit: string;
  position: string;
  leadId: LeadId | null;
  /** Keyed reporter values seen on the lead so far (names and linkage keys), for the repeat decision. */
  seenKeys: Set<string>;
}

/** The office tree of the bench: a city, district 甲区 (where the measured leaders sit) and its townships. */
const TOWNSHIPS = ['甲区一镇纪委', '甲区二镇纪委', '甲区三镇纪委', '甲区四镇纪委'] as const;

/** The share of complaints each of district and townships receives (district first). */
const OFFICE_WEIGHTS = [0.2, 0.2, 0.2, 0.2, 0.2];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
const GIVEN = ['建国', '志强', '秀英', '海涛', '立新', '红梅', '国庆', '德明', '文华', '长青', '玉兰', '永刚', '春生'];
const UNITS = ['村委会', '村党支部', '镇财政所', '镇农业服务中心', '镇政府', '镇国土所', '村务监督委员会'];
const VILLAGES = ['红星', '青山', '白沙', '东湖', '柳林', '石桥', '高庄', '新河', '杨家', '李庄', '前进', '和平'];
const POSITIONS = ['主任', '书记', '副主任', '会计', '所长', '副镇长', '出纳', '委员'];
const ORGANS = ['县信访局', '市纪委监委信访室', '县委巡察办', '县审计局'];

/**
 * Runs the case model on the PostgreSQL server and PGlite (each a fresh database, dropped afterwards) and returns
 * the figures with pass/miss against the targets.
 */
export async function runCaseModel(options: CaseModelOptions): Promise<Record<string, unknown>> {
  const started = performance.now();
  logStep(`case model: generating ${options.size.toLocaleString('en')} complaint texts (corpus generator)`);
  const records = generateRecords(options.size + options.registrations + 200, options.seed);
  logStep(`case model: texts ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const engines: Record<string, unknown>[] = [];
  if (!options.isServerSkipped) {
    engines.push(await runOnEngine('postgresql', options, records));
  }
  if (!options.isPgliteSkipped) {
    engines.push(await runOnEngine('pglite', options, records));
  }
  return {
    size: options.size,
    targets: CASE_MODEL_TARGETS,
    measuredThrough: 'HTTP API: buildApp + app.inject (session cookie, CSRF header, Zod in/out, services, database)',
    engines,
  };
}

/** The corpus records of the generator, in id order (texts, reporters, channels, anonymity). */
function generateRecords(count: number, seed: number): CorpusRecord[] {
  const records: CorpusRecord[] = [];
  generateCorpus(count, seed, (record) => records.push(record), 0);
  return records;
}

async function runOnEngine(
  kind: 'postgresql' | 'pglite',
  options: CaseModelOptions,
  records: readonly CorpusRecord[],
): Promise<Record<string, unknown>> {
  const serverName = `zm_bench_case_${process.pid}`;
  const pgliteDir = path.join(options.workDir, `pglite-case-${process.pid}`);
  let handle: DatabaseHandle;
  if (kind === 'postgresql') {
    const { createServerDatabase } = await import('./storage-stages.js');
    handle = await openDatabase({
      databaseUrl: await createServerDatabase(options.databaseUrl, serverName),
      dataDir: '',
    });
  } else {
    fs.rmSync(pgliteDir, { recursive: true, force: true });
    // The deployment's own buffer pool setting (ZHENGMING_PGLITE_SHARED_BUFFERS unset).
    handle = await openDatabase({ dataDir: pgliteDir, lock: false });
  }
  const engineName = kind === 'postgresql' ? 'PostgreSQL server' : 'PGlite';
  const result: Record<string, unknown> = { engine: engineName, startedAt: new Date().toISOString() };
  let built: BuiltApp | undefined;
  try {
    const key = generateDataKey();
    const { db } = handle;
    built = await buildApp({
      db,
      dbKind: handle.kind,
      key,
      clock: systemClock,
      audit: createAuditWriter(key, systemClock),
      version: 'bench',
      logger: false,
      webRoot: null,
    });
    await built.app.ready();
    const world = await buildWorld(db, key);
    const fillStarted = performance.now();
    logStep(`case model (${engineName}): filling ${options.size.toLocaleString('en')} complaints`);
    const fill = await fillComplaints(db, key, world, records.slice(0, options.size), options.seed);
    // After a bulk load the server's autovacuum vacuums and analyses the tables within a minute (which sets the
    // visibility map that index-only scans need); PGlite runs no autovacuum, so an embedded deployment has this
    // only where someone runs VACUUM ANALYZE. Both engines are measured after VACUUM ANALYZE, recorded as such.
    const analyzeStarted = performance.now();
    await sql`VACUUM ANALYZE`.execute(db);
    result.fill = {
      ...fill,
      vacuumAnalyzeSeconds: round((performance.now() - analyzeStarted) / 1000, 1),
      totalSeconds: round((performance.now() - fillStarted) / 1000, 1),
    };
    logStep(`case model (${engineName}): filled in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s`);
    const users = await startSessions(built, db, world);
    const random = new SeededRandom(options.seed ^ 0xca5e);
    result.loadAverageBefore = readMachineInfo().loadAverage;
    result.register = await timeRegistrations(
      built,
      users,
      world,
      records.slice(options.size),
      options.registrations,
      random,
    );
    logStep(`case model (${engineName}): register ${JSON.stringify(result.register)}`);
    result.list = await timeLists(built, users, options.listPages, random, world);
    logStep(`case model (${engineName}): list ${JSON.stringify((result.list as { all: unknown }).all)}`);
    result.detail = await timeDetails(built, db, users, world, options.details, random);
    logStep(`case model (${engineName}): detail ${JSON.stringify((result.detail as { all: unknown }).all)}`);
    result.loadAverageAfter = readMachineInfo().loadAverage;
    result.verdicts = verdictsOf(result);
    result.explain = await explainList(db, world, users);
    result.tableSizes = await tableSizes(db);
  } catch (error) {
    result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    logStep(`case model (${engineName}) failed: ${String(error)}`);
  } finally {
    await built?.app.close();
    await handle.close();
    if (kind === 'postgresql') {
      // BENCH_KEEP_CASE_DB=1 keeps the server database for EXPLAIN by hand (dropped by the next run).
      if (process.env.BENCH_KEEP_CASE_DB !== '1') {
        const { dropServerDatabase } = await import('./storage-stages.js');
        await dropServerDatabase(options.databaseUrl, serverName);
      }
    } else {
      fs.rmSync(pgliteDir, { recursive: true, force: true });
    }
  }
  result.finishedAt = new Date().toISOString();
  return result;
}

// The world ------------------------------------------------------------------------------------------------------

interface World {
  city: BenchOffice;
  district: BenchOffice;
  townships: BenchOffice[];
  /** District first, then the townships: the offices complaints are registered in. */
  intakeOffices: BenchOffice[];
  /** Users by office id and role. */
  userIds: Map<string, UserId>;
  registers: Map<OfficeId, BenchSubject[]>;
  calendar: WorkingCalendar;
}

const userKey = (officeId: OfficeId, role: Role): string => `${officeId}:${role}`;

function userOf(world: World, officeId: OfficeId, role: Role): UserId {
  const id = world.userIds.get(userKey(officeId, role));
  if (id === undefined) {
    throw new Error(`no ${role} in office ${officeId}`);
  }
  return id;
}

/** The office tree, a user for each role that matters in each office (TOTP enrolled), and the subject registers. */
async function buildWorld(db: Db, key: DataKey): Promise<World> {
  const now = new Date();
  const offices: BenchOffice[] = [];
  const addOffice = async (name: string, level: OfficeLevel, parent: BenchOffice | null): Promise<BenchOffice> => {
    const id = randomUUID() as OfficeId;
    const office: BenchOffice = { id, name, level, path: `${parent?.path ?? '/'}${id}/`, parentId: parent?.id ?? null };
    await db
      .insertInto('offices')
      .values({ id, parent_id: office.parentId, name, level, path: office.path, created_at: now })
      .execute();
    offices.push(office);
    return office;
  };
  const city = await addOffice('某市纪委监委', 'prefecture', null);
  const district = await addOffice('甲区纪委监委', 'county', city);
  const townships: BenchOffice[] = [];
  for (const name of TOWNSHIPS) {
    townships.push(await addOffice(name, 'township', district));
  }
  const userIds = new Map<string, UserId>();
  const addUser = async (office: BenchOffice, role: Role, isPrincipal = false): Promise<void> => {
    const id = randomUUID() as UserId;
    const username = `bench-${role}-${offices.indexOf(office)}`;
    await db
      .insertInto('users')
      .values({
        id,
        username,
        display_name: `基准用户 ${username}`,
        password_hash: 'unusable',
        totp_secret_sealed: seal(key, randomBytes(20), 'users.totp_secret'),
        created_at: now,
      })
      .execute();
    await db
      .insertInto('role_grants')
      .values({
        id: randomUUID() as never,
        user_id: id,
        office_id: office.id,
        role,
        is_principal: isPrincipal,
        status: 'active',
        requested_by: null,
        approved_by: null,
        approval_kind: 'bench',
        created_at: now,
        decided_at: now,
      })
      .execute();
    userIds.set(userKey(office.id, role), id);
  };
  for (const office of [district, ...townships]) {
    await addUser(office, 'intake');
    await addUser(office, 'investigator');
    await addUser(office, 'supervisor');
    await addUser(office, 'leader', office === district);
  }
  await addUser(district, 'monitor');
  return {
    city,
    district,
    townships,
    intakeOffices: [district, ...townships],
    userIds,
    registers: new Map(),
    calendar: new WorkingCalendar(loadShippedYears()),
  };
}

/** Sessions as a sign-in leaves them (password and TOTP passed), through the app's session service. */
async function startSessions(built: BuiltApp, db: Db, world: World): Promise<Map<string, BenchUser>> {
  const users = new Map<string, BenchUser>();
  for (const [keyText, userId] of world.userIds) {
    const [officeId, role] = keyText.split(':') as [OfficeId, Role];
    const { token, tokenHash } = await built.sessions.create(userId, null);
    await built.sessions.setActiveOffice(tokenHash, officeId);
    const row = await db
      .selectFrom('sessions')
      .select('csrf_token')
      .where('token_hash', '=', tokenHash)
      .executeTakeFirstOrThrow();
    users.set(keyText, {
      id: userId,
      officeId,
      role,
      headers: { cookie: `zm_session=${token}`, 'x-csrf-token': row.csrf_token },
    });
  }
  return users;
}

function sessionOf(users: Map<string, BenchUser>, officeId: OfficeId, role: Role): BenchUser {
  const user = users.get(userKey(officeId, role));
  if (user === undefined) {
    throw new Error(`no session for ${role} in ${officeId}`);
  }
  return user;
}

// The fill -------------------------------------------------------------------------------------------------------

/** A complaint to insert, before numbering (numbers follow the registration order per office and year). */
interface PlannedComplaint {
  id: ComplaintId;
  office: BenchOffice;
  record: CorpusRecord;
  receivedAt: Date;
  registeredAt: Date;
  status: ComplaintStatus;
  jurisdiction: Jurisdiction;
  isStub: boolean;
  channel: Channel;
  referringOrgan: string | null;
  subjects: BenchSubject[];
  /** Accepted here: subjects linked to leads (status registered). */
  isAccepted: boolean;
  destination: BenchOffice | null;
  transferredComplaintId: ComplaintId | null;
  source: { complaintId: ComplaintId; office: BenchOffice } | null;
}

/**
 * Writes `records.length` complaints as intake would have registered them over the last two years: per office a
 * register of subjects (a few thousand in all, skewed so that leads collect several complaints), a lead per office
 * and subject, numbers per office and year in registration order, sealed reporters (`sealReporter`), co-signers,
 * allegations, the repeat and notice decisions, team members and recusals on some leads copied onto the access
 * arrays, and transfers (stubs that went up or down, with their arrivals). Batched inserts; no audit entries.
 */
async function fillComplaints(
  db: Db,
  key: DataKey,
  world: World,
  records: readonly CorpusRecord[],
  seed: number,
): Promise<Record<string, unknown>> {
  const random = new SeededRandom(seed ^ 0xf111);
  const now = Date.now();
  const windowStart = now - 2 * 365 * DAY_MS;
  const timings: Record<string, number> = {};
  const timed = async (name: string, run: () => Promise<void>): Promise<void> => {
    const started = performance.now();
    await run();
    timings[name] = round((timings[name] ?? 0) + (performance.now() - started) / 1000, 2);
  };

  // Registers: 600 subjects per office, 3,000 in all.
  const subjectsPerOffice = Math.max(20, Math.round(Math.min(3_000, records.length / 30) / world.intakeOffices.length));
  const subjectRows: Parameters<typeof insertSubjects>[1] = [];
  for (const office of world.intakeOffices) {
    const register: BenchSubject[] = [];
    for (let index = 0; index < subjectsPerOffice; index += 1) {
      const village = random.pick(VILLAGES);
      const subject: BenchSubject = {
        id: randomUUID() as SubjectId,
        officeId: office.id,
        name: `${random.pick(SURNAMES)}${random.pick(GIVEN)}`,
        unit: `${village}村${random.pick(UNITS)}`,
        position: random.pick(POSITIONS),
        leadId: null,
        seenKeys: new Set(),
      };
      register.push(subject);
      subjectRows.push({
        id: subject.id,
        office_id: office.id,
        name: subject.name,
        unit: subject.unit,
        position: subject.position,
        rank_level: null,
        is_party_member: random.chance(0.7),
        is_candidate: false,
        linked_user_id: null,
        name_key: registerKey(subject.name),
        unit_key: registerKey(subject.unit),
        created_by: userOf(world, office.id, 'intake'),
        created_at: new Date(windowStart),
      });
    }
    world.registers.set(office.id, register);
  }
  await timed('subjects', () => insertSubjects(db, subjectRows));

  // Plan every complaint: office, dates, status, transfers.
  const planned: PlannedComplaint[] = [];
  let recordIndex = 0;
  const nextRecord = (): CorpusRecord => records[recordIndex++]!;
  const pickOffice = (): BenchOffice => {
    let roll = random.next();
    for (const [index, weight] of OFFICE_WEIGHTS.entries()) {
      roll -= weight;
      if (roll < 0) {
        return world.intakeOffices[index]!;
      }
    }
    return world.intakeOffices[world.intakeOffices.length - 1]!;
  };
  const pickSubjects = (office: BenchOffice): BenchSubject[] => {
    const register = world.registers.get(office.id)!;
    // Skewed: u² puts most complaints on the first subjects of the register (some leads collect dozens).
    const one = (): BenchSubject => register[Math.floor(random.next() ** 2 * register.length)]!;
    const first = one();
    if (random.chance(0.08)) {
      const second = one();
      return second === first ? [first] : [first, second];
    }
    return [first];
  };
  const base = (office: BenchOffice, record: CorpusRecord, receivedAt: number): PlannedComplaint => {
    const registeredAt = Math.min(now - 60_000, receivedAt + random.int(1, 72) * 3_600_000);
    const channel = record.channel;
    return {
      id: randomUUID() as ComplaintId,
      office,
      record,
      receivedAt: new Date(receivedAt),
      registeredAt: new Date(registeredAt),
      status: 'registered',
      jurisdiction: 'handle',
      isStub: false,
      channel,
      referringOrgan: channel === 'referred' ? random.pick(ORGANS) : null,
      subjects: pickSubjects(office),
      isAccepted: true,
      destination: null,
      transferredComplaintId: null,
      source: null,
    };
  };
  while (planned.length < records.length) {
    const record = nextRecord();
    const receivedAt = windowStart + Math.floor(random.next() * (now - windowStart - 2 * DAY_MS));
    const roll = random.next();
    const remaining = records.length - planned.length;
    if (roll < 0.04 && remaining >= 2) {
      // A transfer: a stub where it was registered, its content arriving in the other office.
      const isDown = random.chance(0.5);
      const township = random.pick(world.townships);
      const from = isDown ? world.district : township;
      const to = isDown ? township : world.district;
      const stub = base(from, record, receivedAt);
      const arrivedAt = stub.registeredAt.getTime();
      const arrival = base(to, record, arrivedAt);
      arrival.registeredAt = new Date(Math.min(now - 60_000, arrivedAt + random.int(0, 2) * 3_600_000));
      arrival.receivedAt = new Date(arrivedAt);
      arrival.channel = 'referred';
      arrival.referringOrgan = from.name;
      arrival.source = { complaintId: stub.id, office: from };
      const isDecided = random.chance(0.6);
      arrival.status = isDecided ? 'registered' : 'incoming';
      arrival.isAccepted = isDecided;
      stub.status = isDown ? 'sent_down' : 'passed_up';
      stub.jurisdiction = isDown ? 'down' : 'up_principal';
      stub.isStub = true;
      stub.isAccepted = false;
      stub.subjects = [];
      stub.destination = to;
      stub.transferredComplaintId = arrival.id;
      planned.push(stub, arrival);
    } else {
      planned.push(base(pickOffice(), record, receivedAt));
    }
  }
  planned.sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime());

  // Leads (created by the first complaint accepted on a subject), team members and recusals.
  const leadRows: {
    id: LeadId;
    office_id: OfficeId;
    subject_id: SubjectId;
    status: 'open';
    created_by: UserId;
    created_at: Date;
  }[] = [];
  const teams = new Map<LeadId, UserId[]>();
  const recusals = new Map<LeadId, UserId[]>();
  for (const complaint of planned) {
    if (!complaint.isAccepted) {
      continue;
    }
    for (const subject of complaint.subjects) {
      if (subject.leadId !== null) {
        continue;
      }
      const leadId = randomUUID() as LeadId;
      subject.leadId = leadId;
      const officeId = complaint.office.id;
      leadRows.push({
        id: leadId,
        office_id: officeId,
        subject_id: subject.id,
        status: 'open',
        created_by: userOf(world, officeId, 'intake'),
        created_at: complaint.registeredAt,
      });
      const team: UserId[] = [];
      if (random.chance(0.4)) {
        team.push(userOf(world, officeId, 'investigator'));
      }
      if (random.chance(0.1)) {
        team.push(userOf(world, officeId, 'supervisor'));
      }
      if (random.chance(0.05)) {
        team.push(userOf(world, officeId, 'leader'));
      }
      teams.set(leadId, team);
      const recused: UserId[] = [];
      if (random.chance(0.01)) {
        recused.push(userOf(world, officeId, 'intake'));
      }
      if (random.chance(0.005)) {
        recused.push(userOf(world, world.district.id, 'leader'));
      }
      if (random.chance(0.005)) {
        recused.push(userOf(world, world.district.id, 'monitor'));
      }
      recusals.set(leadId, recused);
    }
  }
  await timed('leads', async () => {
    for (const chunk of chunks(leadRows, INSERT_BATCH)) {
      await db.insertInto('leads').values(chunk).execute();
    }
    const members = leadRows.flatMap((lead) =>
      (teams.get(lead.id) ?? []).map((userId) => ({
        lead_id: lead.id,
        user_id: userId,
        role: 'member',
        added_by: lead.created_by,
        added_at: lead.created_at,
        approval_id: null,
      })),
    );
    for (const chunk of chunks(members, INSERT_BATCH)) {
      await db.insertInto('lead_team_members').values(chunk).execute();
    }
    const recusalRows = leadRows.flatMap((lead) =>
      (recusals.get(lead.id) ?? []).map((userId) => ({
        lead_id: lead.id,
        user_id: userId,
        reason: '近亲属关系 / close relative',
        added_by: lead.created_by,
        added_at: lead.created_at,
      })),
    );
    for (const chunk of chunks(recusalRows, INSERT_BATCH)) {
      await db.insertInto('lead_recusals').values(chunk).execute();
    }
  });

  // Numbers, rows, and the per-complaint parts, in registration order.
  const serials = new Map<string, number>();
  let complaintRows: Record<string, unknown>[] = [];
  let reporterRows: Record<string, unknown>[] = [];
  let cosignerRows: Record<string, unknown>[] = [];
  let allegationRows: Record<string, unknown>[] = [];
  let subjectLinkRows: Record<string, unknown>[] = [];
  const counts = { complaints: 0, stubs: 0, incoming: 0, anonymous: 0, repeats: 0, noticesOwed: 0, cosigned: 0 };
  const flush = async (): Promise<void> => {
    await timed('complaints', async () => {
      await db
        .insertInto('complaints')
        .values(complaintRows as never)
        .execute();
    });
    await timed('reporters', async () => {
      if (reporterRows.length > 0) {
        await db
          .insertInto('complaint_reporters')
          .values(reporterRows as never)
          .execute();
      }
    });
    await timed('parts', async () => {
      for (const [table, rows] of [
        ['complaint_cosigners', cosignerRows],
        ['complaint_allegations', allegationRows],
        ['complaint_subjects', subjectLinkRows],
      ] as const) {
        for (const chunk of chunks(rows, INSERT_BATCH)) {
          await db
            .insertInto(table)
            .values(chunk as never)
            .execute();
        }
      }
    });
    complaintRows = [];
    reporterRows = [];
    cosignerRows = [];
    allegationRows = [];
    subjectLinkRows = [];
  };
  const sealStarted = performance.now();
  let sealSeconds = 0;
  for (const complaint of planned) {
    const office = complaint.office;
    const year = Number(chinaDateOf(complaint.registeredAt).slice(0, 4));
    const counterKey = `${office.id}:${year}`;
    const serial = (serials.get(counterKey) ?? 0) + 1;
    serials.set(counterKey, serial);
    const number = formatComplaintNumber({ prefix: office.name, word: DEFAULT_NUMBER_WORD }, year, serial);
    const record = complaint.record;
    const isAnonymous = record.anonymous;
    const reporter = isAnonymous || record.reporter === null ? null : record.reporter;
    const assigned = new Set<UserId>();
    const recused = new Set<UserId>();
    for (const subject of complaint.isAccepted ? complaint.subjects : []) {
      for (const userId of teams.get(subject.leadId!) ?? []) {
        assigned.add(userId);
      }
      for (const userId of recusals.get(subject.leadId!) ?? []) {
        recused.add(userId);
      }
    }
    let isRepeat = false;
    if (!complaint.isStub && reporter !== null) {
      const sealStart = performance.now();
      const sealed = sealReporter(key, complaint.id, reporter, false);
      sealSeconds += (performance.now() - sealStart) / 1000;
      reporterRows.push({ complaint_id: complaint.id, ...sealed });
      if (complaint.isAccepted) {
        const keys = [...(sealed.name_key === null ? [] : [`n:${sealed.name_key}`]), ...sealed.linkage_keys];
        isRepeat = complaint.subjects.some((subject) => keys.some((value) => subject.seenKeys.has(value)));
        for (const subject of complaint.subjects) {
          for (const value of keys) {
            subject.seenKeys.add(value);
          }
        }
      }
    }
    const isNoticeOwed = complaint.isAccepted && reporter !== null && !isRepeat;
    const isNoticeSent = isNoticeOwed && complaint.registeredAt.getTime() < now - 20 * DAY_MS && random.chance(0.8);
    const cosigners =
      !complaint.isStub && random.chance(0.02)
        ? Array.from({ length: random.int(2, 6) }, () => `${random.pick(SURNAMES)}${random.pick(GIVEN)}`)
        : [];
    complaintRows.push({
      id: complaint.id,
      office_id: office.id,
      year,
      serial,
      number,
      channel: complaint.channel,
      referring_organ: complaint.referringOrgan,
      received_at: complaint.receivedAt,
      registered_at: complaint.registeredAt,
      registered_by: complaint.source === null ? userOf(world, office.id, 'intake') : null,
      jurisdiction: complaint.jurisdiction,
      status: complaint.status,
      is_stub: complaint.isStub,
      text: complaint.isStub ? null : record.text,
      is_repeat: isRepeat,
      has_no_substance: false,
      external_reference: complaint.isStub ? null : record.id,
      is_anonymous: isAnonymous,
      reporter_status: isAnonymous ? 'anonymous' : 'claimed',
      reporter_checked_by: null,
      reporter_checked_at: null,
      reporter_check_method: null,
      cosigner_count: cosigners.length,
      destination_office_id: complaint.destination?.id ?? null,
      transfer_due:
        complaint.destination === null
          ? null
          : JSON.stringify(computePeriodDeadline(world.calendar, complaint.receivedAt, TRANSFER_PERIOD)),
      transfer_approval_id: null,
      transferred_at: complaint.destination === null ? null : complaint.registeredAt,
      transferred_complaint_id: complaint.transferredComplaintId,
      source_complaint_id: complaint.source?.complaintId ?? null,
      source_office_id: complaint.source?.office.id ?? null,
      decision_due:
        complaint.status === 'incoming'
          ? JSON.stringify(computePeriodDeadline(world.calendar, complaint.receivedAt, TRANSFER_PERIOD))
          : null,
      notice_owed: isNoticeOwed,
      notice_due: isNoticeOwed
        ? JSON.stringify(computePeriodDeadline(world.calendar, complaint.receivedAt, ACCEPTANCE_NOTICE_PERIOD))
        : null,
      notice_sent_on: isNoticeSent ? chinaDateOf(new Date(complaint.registeredAt.getTime() + 5 * DAY_MS)) : null,
      notice_method: isNoticeSent ? 'mail' : null,
      notice_sent_by: isNoticeSent ? userOf(world, office.id, 'intake') : null,
      assigned_user_ids: [...assigned],
      recused_user_ids: [...recused],
    });
    for (const [index, name] of cosigners.entries()) {
      cosignerRows.push({
        complaint_id: complaint.id,
        position: index + 1,
        ...sealCosigner(key, complaint.id, index + 1, name),
        is_denied: false,
        denial_method: null,
        denial_recorded_by: null,
        denial_recorded_at: null,
      });
    }
    if (!complaint.isStub) {
      const categories: AllegationCategory[] = [random.pick(ALLEGATION_CATEGORIES)];
      if (random.chance(0.2)) {
        categories.push(random.pick(ALLEGATION_CATEGORIES));
      }
      for (const [index, category] of categories.entries()) {
        allegationRows.push({ complaint_id: complaint.id, position: index + 1, category, summary: null });
      }
      const subjects = complaint.subjects.length > 0 ? complaint.subjects : pickSubjects(office);
      for (const [index, subject] of subjects.entries()) {
        subjectLinkRows.push({
          complaint_id: complaint.id,
          position: index + 1,
          name: subject.name,
          unit: subject.unit,
          position_title: subject.position,
          rank_level: null,
          is_party_member: null,
          is_candidate: false,
          subject_id: complaint.isAccepted ? subject.id : null,
          lead_id: complaint.isAccepted ? subject.leadId : null,
        });
      }
    }
    counts.complaints += 1;
    counts.stubs += complaint.isStub ? 1 : 0;
    counts.incoming += complaint.status === 'incoming' ? 1 : 0;
    counts.anonymous += isAnonymous ? 1 : 0;
    counts.repeats += isRepeat ? 1 : 0;
    counts.noticesOwed += isNoticeOwed ? 1 : 0;
    counts.cosigned += cosigners.length > 0 ? 1 : 0;
    if (complaintRows.length >= INSERT_BATCH) {
      await flush();
    }
    if (counts.complaints % 20_000 === 0) {
      logStep(`case model: ${counts.complaints.toLocaleString('en')} complaints written`);
    }
  }
  if (complaintRows.length > 0) {
    await flush();
  }
  await timed('counters', async () => {
    const rows = [...serials].map(([counterKey, lastSerial]) => {
      const [officeId, year] = counterKey.split(':') as [OfficeId, string];
      return { office_id: officeId, year: Number(year), last_serial: lastSerial };
    });
    await db.insertInto('complaint_counters').values(rows).execute();
  });
  const leadsWithComplaints = new Map<string, number>();
  for (const complaint of planned) {
    for (const subject of complaint.isAccepted ? complaint.subjects : []) {
      leadsWithComplaints.set(subject.leadId!, (leadsWithComplaints.get(subject.leadId!) ?? 0) + 1);
    }
  }
  const perLead = [...leadsWithComplaints.values()];
  return {
    ...counts,
    subjects: subjectRows.length,
    leads: leadRows.length,
    complaintsPerLead: {
      p50: percentile(perLead, 0.5),
      p90: percentile(perLead, 0.9),
      max: percentile(perLead, 1),
    },
    byStatus: Object.fromEntries(
      (['registered', 'incoming', 'passed_up', 'sent_down'] as const).map((status) => [
        status,
        planned.filter((complaint) => complaint.status === status).length,
      ]),
    ),
    byOffice: Object.fromEntries(
      world.intakeOffices.map((office) => [
        office.name,
        planned.filter((complaint) => complaint.office === office).length,
      ]),
    ),
    sealSeconds: round(sealSeconds, 1),
    buildAndSealSeconds: round((performance.now() - sealStarted) / 1000, 1),
    insertSeconds: timings,
  };
}

async function insertSubjects(
  db: Db,
  rows: {
    id: SubjectId;
    office_id: OfficeId;
    name: string;
    unit: string;
    position: string;
    rank_level: null;
    is_party_member: boolean;
    is_candidate: boolean;
    linked_user_id: null;
    name_key: string;
    unit_key: string;
    created_by: UserId;
    created_at: Date;
  }[],
): Promise<void> {
  for (const chunk of chunks(rows, INSERT_BATCH)) {
    await db.insertInto('subjects').values(chunk).execute();
  }
}

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < rows.length; index += size) {
    out.push(rows.slice(index, index + size));
  }
  return out;
}

// Timing ---------------------------------------------------------------------------------------------------------

function summarizeLatencies(values: readonly number[], failures: number): LatencySummary {
  const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
  return {
    count: values.length,
    p50Ms: round(percentile(values, 0.5), 2),
    p95Ms: round(percentile(values, 0.95), 2),
    p99Ms: round(percentile(values, 0.99), 2),
    maxMs: round(percentile(values, 1), 2),
    meanMs: round(mean, 2),
    failures,
  };
}

async function timedInject(
  built: BuiltApp,
  request: {
    method: 'GET' | 'POST';
    url: string;
    headers: Record<string, string>;
    query?: Record<string, string>;
    payload?: object;
  },
): Promise<{ ms: number; statusCode: number; body: string }> {
  const started = performance.now();
  const response = await built.app.inject(request);
  const ms = performance.now() - started;
  return { ms, statusCode: response.statusCode, body: response.body };
}

/** A registration body as intake would send it: a new letter, its subject often already in the register. */
function registrationBody(
  record: CorpusRecord,
  office: BenchOffice,
  world: World,
  random: SeededRandom,
): CreateComplaintInput {
  const register = world.registers.get(office.id)!;
  const known = register[Math.floor(random.next() ** 2 * register.length)]!;
  const subject = random.chance(0.7)
    ? { name: known.name, unit: known.unit, position: known.position }
    : {
        name: `${random.pick(SURNAMES)}${random.pick(GIVEN)}${random.pick(['', '', '某'])}`,
        unit: `${random.pick(VILLAGES)}村${random.pick(UNITS)}`,
      };
  const receivedAt = isoChina(Date.now() - random.int(1, 10 * 24) * 3_600_000);
  return {
    id: record.id,
    receivedAt,
    channel: record.channel,
    ...(record.channel === 'referred' ? { referringOrgan: random.pick(ORGANS) } : {}),
    anonymous: record.anonymous,
    reporter: record.anonymous ? null : record.reporter,
    subjects: [subject],
    text: record.text,
    allegations: [{ category: random.pick(ALLEGATION_CATEGORIES) }],
  };
}

async function timeRegistrations(
  built: BuiltApp,
  users: Map<string, BenchUser>,
  world: World,
  records: readonly CorpusRecord[],
  count: number,
  random: SeededRandom,
): Promise<Record<string, unknown>> {
  const warmUp = 30;
  const times: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  for (let index = 0; index < count + warmUp; index += 1) {
    const office = world.townships[index % world.townships.length]!;
    const record = records[index % records.length]!;
    const response = await timedInject(built, {
      method: 'POST',
      url: '/api/complaints',
      headers: sessionOf(users, office.id, 'intake').headers,
      payload: registrationBody(record, office, world, random),
    });
    if (response.statusCode !== 201) {
      failures += 1;
      firstFailure ??= `${response.statusCode} ${response.body.slice(0, 300)}`;
    }
    if (index >= warmUp) {
      times.push(response.ms);
    }
  }
  return {
    as: 'intake of each township in turn; 70 % about a subject already in the register (its open lead), 30 % a new one',
    warmUp,
    ...summarizeLatencies(times, failures),
    ...(firstFailure === undefined ? {} : { firstFailure }),
  };
}

/** One list request form: who asks and with which filters. */
interface ListForm {
  actor: 'township intake' | 'district leader' | 'district monitor';
  filter: string;
  query: Record<string, string>;
}

function listForms(): ListForm[] {
  const today = Date.now();
  const day = (offset: number): string => chinaDateOf(new Date(today - offset * DAY_MS));
  const filters: { filter: string; query: Record<string, string> }[] = [
    { filter: 'none', query: {} },
    { filter: 'channel=letter', query: { channel: 'letter' } },
    { filter: 'channel=visit', query: { channel: 'visit' } },
    { filter: 'status=incoming', query: { status: 'incoming' } },
    { filter: 'status=registered', query: { status: 'registered' } },
    { filter: 'reporterKind=anonymous', query: { reporterKind: 'anonymous' } },
    { filter: 'reporterKind=real_name', query: { reporterKind: 'real_name' } },
    { filter: 'received last 30 days', query: { receivedFrom: day(30), receivedTo: day(0) } },
    { filter: 'received a month a year ago', query: { receivedFrom: day(395), receivedTo: day(365) } },
    { filter: 'channel=online, real_name', query: { channel: 'online', reporterKind: 'real_name' } },
    {
      filter: 'status=registered, received a quarter',
      query: { status: 'registered', receivedFrom: day(200), receivedTo: day(110) },
    },
  ];
  const forms: ListForm[] = [];
  for (const actor of ['township intake', 'district leader', 'district monitor'] as const) {
    for (const filter of filters) {
      forms.push({ actor, ...filter });
    }
  }
  return forms;
}

function listUser(form: ListForm, users: Map<string, BenchUser>, world: World, index: number): BenchUser {
  switch (form.actor) {
    case 'township intake':
      return sessionOf(users, world.townships[index % world.townships.length]!.id, 'intake');
    case 'district leader':
      return sessionOf(users, world.district.id, 'leader');
    case 'district monitor':
      return sessionOf(users, world.district.id, 'monitor');
  }
}

const PAGE_SIZE = 50;

async function timeLists(
  built: BuiltApp,
  users: Map<string, BenchUser>,
  count: number,
  random: SeededRandom,
  world: World,
): Promise<Record<string, unknown>> {
  const forms = listForms();
  // Warm-up: every form's first page once per township (which also tells each form's page count).
  const totals = new Map<string, number>();
  for (const form of forms) {
    for (let township = 0; township < world.townships.length; township += 1) {
      const user = listUser(form, users, world, township);
      const response = await built.app.inject({
        method: 'GET',
        url: '/api/complaints',
        query: { ...form.query, pageSize: String(PAGE_SIZE) },
        headers: user.headers,
      });
      const total = (JSON.parse(response.body) as { total?: number }).total ?? 0;
      totals.set(`${form.actor}|${form.filter}|${form.actor === 'township intake' ? township : 0}`, total);
    }
  }
  const all: number[] = [];
  const byActor = new Map<string, number[]>();
  const byFilter = new Map<string, number[]>();
  const byPage = new Map<string, number[]>();
  const slowest: { ms: number; actor: string; filter: string; page: number }[] = [];
  // The same mix where deep pages are reached by keyset paging (`after`) instead of a page number.
  const keyset: number[] = [];
  let failures = 0;
  for (let index = 0; index < count; index += 1) {
    const form = forms[index % forms.length]!;
    const township = random.int(0, world.townships.length - 1);
    const user = listUser(form, users, world, township);
    const total = totals.get(`${form.actor}|${form.filter}|${form.actor === 'township intake' ? township : 0}`) ?? 0;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const roll = random.next();
    const pageKind = roll < 0.5 ? 'page 1' : roll < 0.8 ? 'pages 2–5' : 'deep (last half)';
    const page =
      pageKind === 'page 1'
        ? 1
        : pageKind === 'pages 2–5'
          ? Math.min(pages, random.int(2, 5))
          : Math.max(1, random.int(Math.ceil(pages / 2), pages));
    const response = await timedInject(built, {
      method: 'GET',
      url: '/api/complaints',
      query: { ...form.query, page: String(page), pageSize: String(PAGE_SIZE) },
      headers: user.headers,
    });
    if (response.statusCode !== 200) {
      failures += 1;
    }
    all.push(response.ms);
    if (pageKind === 'deep (last half)') {
      // The same depth by keyset paging: the page after this one, through its cursor (what "next page" sends).
      const cursor = (JSON.parse(response.body) as { nextCursor?: string | null }).nextCursor;
      if (typeof cursor === 'string') {
        const next = await timedInject(built, {
          method: 'GET',
          url: '/api/complaints',
          query: { ...form.query, after: cursor, pageSize: String(PAGE_SIZE) },
          headers: user.headers,
        });
        failures += next.statusCode === 200 ? 0 : 1;
        byPage.set('deep, next page by cursor', [...(byPage.get('deep, next page by cursor') ?? []), next.ms]);
        keyset.push(next.ms);
      }
    } else {
      keyset.push(response.ms);
    }
    for (const [map, name] of [
      [byActor, form.actor],
      [byFilter, form.filter],
      [byPage, pageKind],
    ] as const) {
      map.set(name, [...(map.get(name) ?? []), response.ms]);
    }
    slowest.push({ ms: round(response.ms, 1), actor: form.actor, filter: form.filter, page });
  }
  slowest.sort((a, b) => b.ms - a.ms);
  const summaries = (map: Map<string, number[]>) =>
    Object.fromEntries([...map].map(([name, values]) => [name, summarizeLatencies(values, 0)]));
  return {
    pageSize: PAGE_SIZE,
    warmUp: forms.length * world.townships.length,
    all: summarizeLatencies(all, failures),
    keyset: summarizeLatencies(keyset, 0),
    byActor: summaries(byActor),
    byFilter: summaries(byFilter),
    byPage: summaries(byPage),
    totals: Object.fromEntries(totals),
    slowest: slowest.slice(0, 10),
  };
}

async function timeDetails(
  built: BuiltApp,
  db: Db,
  users: Map<string, BenchUser>,
  world: World,
  count: number,
  random: SeededRandom,
): Promise<Record<string, unknown>> {
  // Intake of a township reads its own office's complaints (content, audited); the district monitor reads
  // metadata of any in the subtree.
  const ids = new Map<OfficeId, ComplaintId[]>();
  // Rows the reader is recused from answer "not found" by design: not picked.
  const rows = await db.selectFrom('complaints').select(['id', 'office_id', 'is_stub', 'recused_user_ids']).execute();
  const monitorId = sessionOf(users, world.district.id, 'monitor').id;
  const subtree: ComplaintId[] = [];
  for (const row of rows) {
    if (!row.recused_user_ids.includes(monitorId)) {
      subtree.push(row.id);
    }
    const intakeId = users.get(userKey(row.office_id, 'intake'))?.id;
    if (!row.is_stub && intakeId !== undefined && !row.recused_user_ids.includes(intakeId)) {
      const own = ids.get(row.office_id) ?? [];
      own.push(row.id);
      ids.set(row.office_id, own);
    }
  }
  const warmUp = 50;
  const run = async (
    pick: (index: number) => { user: BenchUser; id: ComplaintId },
    expectContent: boolean,
  ): Promise<LatencySummary> => {
    const times: number[] = [];
    let failures = 0;
    for (let index = 0; index < count + warmUp; index += 1) {
      const { user, id } = pick(index);
      const response = await timedInject(built, { method: 'GET', url: `/api/complaints/${id}`, headers: user.headers });
      const hasContent =
        response.statusCode === 200 && (JSON.parse(response.body) as { content: unknown }).content !== null;
      if (response.statusCode !== 200 || hasContent !== expectContent) {
        failures += 1;
      }
      if (index >= warmUp) {
        times.push(response.ms);
      }
    }
    return summarizeLatencies(times, failures);
  };
  const intake = await run((index) => {
    const office = world.townships[index % world.townships.length]!;
    const own = ids.get(office.id)!;
    return { user: sessionOf(users, office.id, 'intake'), id: own[random.int(0, own.length - 1)]! };
  }, true);
  const monitor = await run(
    () => ({ user: sessionOf(users, world.district.id, 'monitor'), id: subtree[random.int(0, subtree.length - 1)]! }),
    false,
  );
  return {
    warmUp,
    intakeContentRead: { as: 'township intake, own office, content read audited', ...intake },
    monitorMetadata: { as: 'district monitor, any office of the subtree, metadata only', ...monitor },
    all: {
      p99Ms: Math.max(intake.p99Ms, monitor.p99Ms),
      note: 'the worse of the two p99 figures',
    },
  };
}

function verdictsOf(result: Record<string, unknown>): Record<string, unknown> {
  const register = result.register as LatencySummary;
  const lists = result.list as { all: LatencySummary; keyset: LatencySummary };
  const list = lists.all;
  const detail = result.detail as { intakeContentRead: LatencySummary; monitorMetadata: LatencySummary };
  const verdict = (p99: number, target: number) => ({ p99Ms: p99, targetMs: target, isMet: p99 <= target });
  return {
    register: verdict(register.p99Ms, CASE_MODEL_TARGETS.registerP99Ms),
    list: verdict(list.p99Ms, CASE_MODEL_TARGETS.listP99Ms),
    // The same mix with deep pages reached by keyset paging (`after`), as a "next page" button pages.
    listKeyset: verdict(lists.keyset.p99Ms, CASE_MODEL_TARGETS.listP99Ms),
    detailIntake: verdict(detail.intakeContentRead.p99Ms, CASE_MODEL_TARGETS.detailP99Ms),
    detailMonitor: verdict(detail.monitorMetadata.p99Ms, CASE_MODEL_TARGETS.detailP99Ms),
  };
}

/** EXPLAIN ANALYZE of the list's two queries (page and count) as the district leader and a township intake see them. */
async function explainList(db: Db, world: World, users: Map<string, BenchUser>): Promise<Record<string, string[]>> {
  const leader = sessionOf(users, world.district.id, 'leader');
  const intake = sessionOf(users, world.townships[0]!.id, 'intake');
  const township = world.townships[0]!;
  const plans: Record<string, string[]> = {};
  const explain = async (name: string, query: ReturnType<typeof sql>) => {
    const rows = await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${query}`.execute(db);
    plans[name] = rows.rows.map((row) => row['QUERY PLAN']);
  };
  const leaderWhere = sql`((offices.path = ${world.district.path} OR offices.path LIKE ${`${world.district.path}_%`}) AND NOT (${leader.id}::uuid = ANY (complaints.recused_user_ids)))`;
  const intakeWhere = sql`(offices.path = ${township.path} AND NOT (${intake.id}::uuid = ANY (complaints.recused_user_ids)))`;
  const page = (where: ReturnType<typeof sql>, offset: number) => sql`
    SELECT complaints.id, complaints.number, complaints.office_id, offices.name AS office_name, complaints.channel,
      complaints.received_at, complaints.registered_at, complaints.status, complaints.is_anonymous,
      complaints.is_repeat, complaints.notice_owed, complaints.notice_due, complaints.notice_sent_on
    FROM complaints INNER JOIN offices ON offices.id = complaints.office_id
    WHERE ${where}
    ORDER BY complaints.registered_at DESC, complaints.id DESC LIMIT 50 OFFSET ${sql.lit(offset)}`;
  const count = (where: ReturnType<typeof sql>) => sql`
    SELECT count(*) FROM complaints INNER JOIN offices ON offices.id = complaints.office_id WHERE ${where}`;
  await explain('leader page 1', page(leaderWhere, 0));
  await explain('leader deep page (offset 80000)', page(leaderWhere, 80_000));
  await explain('leader count', count(leaderWhere));
  await explain('township intake page 1', page(intakeWhere, 0));
  await explain('township intake count', count(intakeWhere));
  await explain('leader count, channel=visit', count(sql`${leaderWhere} AND complaints.channel = 'visit'`));
  return plans;
}

async function tableSizes(db: Db): Promise<Record<string, string>> {
  const rows = await sql<{ name: string; size: string }>`
    SELECT relname AS name, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND relname LIKE ANY (ARRAY['complaint%', 'leads', 'subjects', 'audit_entries'])
    ORDER BY pg_total_relation_size(c.oid) DESC`.execute(db);
  return Object.fromEntries(rows.rows.map((row) => [row.name, row.size]));
}

/** The figures of a case-model run as lines for the terminal: p50 / p99 per operation and engine, met or missed. */
export function formatCaseModelVerdicts(result: Record<string, unknown>): string {
  const lines = [
    `case model at ${String(result.size)} complaints (p99 targets: register ≤ 50 ms, list ≤ 100 ms, detail ≤ 30 ms)`,
  ];
  for (const engine of (result.engines as Record<string, unknown>[] | undefined) ?? []) {
    if (typeof engine.error === 'string') {
      lines.push(`  ${String(engine.engine)}: failed — ${engine.error.split('\n')[0]}`);
      continue;
    }
    const verdicts = engine.verdicts as Record<string, { p99Ms: number; targetMs: number; isMet: boolean }>;
    const fill = engine.fill as { totalSeconds: number };
    lines.push(`  ${String(engine.engine)} (fill ${fill.totalSeconds} s):`);
    for (const [name, verdict] of Object.entries(verdicts)) {
      lines.push(
        `    ${name.padEnd(14)} p99 ${verdict.p99Ms.toFixed(2).padStart(8)} ms  ≤ ${verdict.targetMs} ms  ${verdict.isMet ? 'met' : 'MISSED'}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
