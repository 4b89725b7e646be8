import { randomUUID } from 'node:crypto';
import {
  ROLES,
  type DataClass,
  type OfficeLevel,
  type OfficeRelation,
  type Role,
  type OfficeId,
  type UserId,
} from '@zhengming/contracts';
import { buildOffice, buildSession, buildUser, type TestSession } from './builders.js';
import type { TestApp } from './test-app.js';

/**
 * The authorisation-matrix harness: an office tree with every relation, a user for every role in every office,
 * and a runner that calls each probe (a route opening one data class of an item) for every
 * role × relation × assigned × recused (× reveal) cell and compares the answer with docs/ACCESS.md, written out
 * below independently of access/matrix.ts. Later features add their own probes for their routes.
 */

/** The test tree: city → district A → townships A1, A2; city → district B. */
export const MATRIX_OFFICES = ['city', 'districtA', 'townA1', 'townA2', 'districtB'] as const;
export type MatrixOfficeKey = (typeof MATRIX_OFFICES)[number];

const OFFICE_SHAPE: Record<MatrixOfficeKey, { name: string; level: OfficeLevel; parent: MatrixOfficeKey | null }> = {
  city: { name: '某市纪委监委', level: 'prefecture', parent: null },
  districtA: { name: '甲区纪委监委', level: 'county', parent: 'city' },
  townA1: { name: '甲区一镇纪委', level: 'township', parent: 'districtA' },
  townA2: { name: '甲区二镇纪委', level: 'township', parent: 'districtA' },
  districtB: { name: '乙区纪委监委', level: 'county', parent: 'city' },
};

export type OfficeTree = Record<MatrixOfficeKey, OfficeId>;

/** Builds the test tree with buildOffice (the root first, parents before children). Returns office ids. */
export async function buildOfficeTree(t: TestApp): Promise<OfficeTree> {
  const ids: Partial<OfficeTree> = {};
  for (const key of MATRIX_OFFICES) {
    const shape = OFFICE_SHAPE[key];
    const parentId = shape.parent === null ? null : ids[shape.parent];
    const office = await buildOffice(t, { parentId, name: shape.name, level: shape.level });
    ids[key] = office.id;
  }
  return {
    city: ids.city!,
    districtA: ids.districtA!,
    townA1: ids.townA1!,
    townA2: ids.townA2!,
    districtB: ids.districtB!,
  };
}

/** For each relation, pairs of (user's active office → item's office) in the test tree that have it. */
export const RELATION_PAIRS: readonly {
  relation: OfficeRelation;
  userOffice: MatrixOfficeKey;
  itemOffice: MatrixOfficeKey;
}[] = [
  { relation: 'own', userOffice: 'city', itemOffice: 'city' },
  { relation: 'own', userOffice: 'townA1', itemOffice: 'townA1' },
  { relation: 'child', userOffice: 'city', itemOffice: 'districtA' },
  { relation: 'child', userOffice: 'districtA', itemOffice: 'townA1' },
  { relation: 'deeper', userOffice: 'city', itemOffice: 'townA2' },
  { relation: 'parent', userOffice: 'districtA', itemOffice: 'city' },
  { relation: 'parent', userOffice: 'townA1', itemOffice: 'city' },
  { relation: 'sibling', userOffice: 'townA1', itemOffice: 'townA2' },
  { relation: 'sibling', userOffice: 'districtB', itemOffice: 'districtA' },
  { relation: 'none', userOffice: 'townA1', itemOffice: 'districtB' },
  { relation: 'none', userOffice: 'districtB', itemOffice: 'townA2' },
];

/** How a cell opens: always, only when the user is assigned to the item, or only with an approved reveal. */
export type CellRule = 'always' | 'assigned' | 'reveal';

/**
 * docs/ACCESS.md, cell by cell (deeper descendants: "same as child"). A role missing from a cell sees nothing;
 * parent, sibling and unrelated offices see nothing; `admin` and `auditor` appear nowhere. For identity,
 * "anyone else by an approved reveal" is anyone who may see the item at all (its metadata cell).
 */
export const EXPECTED_MATRIX: Record<DataClass, Record<OfficeRelation, Partial<Record<Role, CellRule>>>> = {
  metadata: {
    own: {
      intake: 'always',
      supervisor: 'always',
      investigator: 'always',
      reviewer: 'always',
      leader: 'always',
      monitor: 'always',
    },
    child: { leader: 'always', monitor: 'always', supervisor: 'always', reviewer: 'always' },
    deeper: { leader: 'always', monitor: 'always', supervisor: 'always', reviewer: 'always' },
    parent: {},
    sibling: {},
    none: {},
  },
  content: {
    own: {
      intake: 'always',
      supervisor: 'assigned',
      investigator: 'assigned',
      reviewer: 'assigned',
      leader: 'assigned',
    },
    child: { leader: 'always', reviewer: 'always' },
    deeper: { leader: 'always', reviewer: 'always' },
    parent: {},
    sibling: {},
    none: {},
  },
  identity: {
    own: {
      intake: 'always',
      supervisor: 'reveal',
      investigator: 'reveal',
      reviewer: 'reveal',
      leader: 'reveal',
      monitor: 'reveal',
    },
    child: { leader: 'reveal', monitor: 'reveal', supervisor: 'reveal', reviewer: 'reveal' },
    deeper: { leader: 'reveal', monitor: 'reveal', supervisor: 'reveal', reviewer: 'reveal' },
    parent: {},
    sibling: {},
    none: {},
  },
};

/** One cell of the matrix for one user. */
export interface MatrixCell {
  dataClass: DataClass;
  role: Role;
  relation: OfficeRelation;
  isAssigned: boolean;
  isRecused: boolean;
  hasReveal: boolean;
}

/** The expected answer of a cell: recusal overrides everything, then the cell's rule. */
export function expectedAccess(cell: MatrixCell): boolean {
  if (cell.isRecused) {
    return false;
  }
  const rule = EXPECTED_MATRIX[cell.dataClass][cell.relation][cell.role];
  switch (rule) {
    case undefined:
      return false;
    case 'always':
      return true;
    case 'assigned':
      return cell.isAssigned;
    case 'reveal':
      return cell.hasReveal;
  }
}

/** A signed-in user of the world holding exactly one role in one office. */
export interface MatrixUser {
  role: Role;
  office: MatrixOfficeKey;
  userId: UserId;
  session: TestSession;
}

export interface MatrixWorld {
  offices: OfficeTree;
  users: MatrixUser[];
  userOf(role: Role, office: MatrixOfficeKey): MatrixUser;
}

/**
 * The office tree plus one user per role × office with one active grant, each signed in. Users, grants and
 * sessions come from the builders (the grant rules and the sign-in flow have their own tests), so the world is
 * quick to build.
 */
export async function buildMatrixWorld(t: TestApp, offices?: OfficeTree): Promise<MatrixWorld> {
  const tree = offices ?? (await buildOfficeTree(t));
  const users: MatrixUser[] = [];
  for (const office of MATRIX_OFFICES) {
    for (const role of ROLES) {
      const user = await buildUser(t, {
        username: `m-${role}-${office.toLowerCase()}`,
        displayName: `${role}@${office}`,
        password: null,
        roles: [{ officeId: tree[office], role }],
      });
      users.push({ role, office, userId: user.id, session: await buildSession(t, { userId: user.id }) });
    }
  }
  return {
    offices: tree,
    users,
    userOf(role, office) {
      const user = users.find((u) => u.role === role && u.office === office);
      if (user === undefined) {
        throw new Error(`no matrix user ${role}@${office}`);
      }
      return user;
    },
  };
}

/** The users of an item of a probe, by the flags of the cell under test. */
export interface ProbeItemInput {
  officeId: OfficeId;
  assignedUserIds: string[];
  recusedUserIds: string[];
  revealedUserIds: string[];
}

/** A route that opens one data class of one item, and how to make such an item. */
export interface MatrixProbe {
  name: string;
  dataClass: DataClass;
  /** Creates an item in the office with the given users assigned, recused and revealed; returns its id. */
  createItem(input: ProbeItemInput): Promise<string>;
  /** The request that opens the item's data class. */
  request(itemId: string): { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; payload?: unknown };
  /** The request changes the item: each cell gets a fresh item instead of a shared one. */
  isMutating?: boolean;
  /**
   * Whether the answer opened the class, when a 2xx alone does not say so: a detail that answers the metadata to
   * everyone and the content only to some, or a list that holds the item or not. A 2xx judged refused this way is
   * not compared with the answer for a missing item (it is an answer without the class, not a refusal).
   */
  isAllowed?(response: { statusCode: number; body: string }, itemId: string): boolean;
  /** A refusal of this route is not compared with the answer for a missing item (a list answers one empty). */
  hasNoMissingShape?: boolean;
}

export interface MatrixRun {
  /** Every cell run, with what was expected and what happened. */
  cells: (MatrixCell & { probe: string; userOffice: MatrixOfficeKey; expected: boolean; actual: boolean })[];
  /** Cells whose answer differed from docs/ACCESS.md, described for the failure message. */
  mismatches: string[];
  /** Refusals whose status or body differed from the answer for a missing item. */
  leakyRefusals: string[];
}

const statusAllows = (status: number): boolean => status >= 200 && status < 300;

/**
 * Runs every cell of every probe: each role × relation pair × assigned × recused (× approved reveal for the
 * identity class). A refusal must look exactly like the answer for an item that does not exist.
 */
export async function runMatrix(t: TestApp, world: MatrixWorld, probes: readonly MatrixProbe[]): Promise<MatrixRun> {
  const run: MatrixRun = { cells: [], mismatches: [], leakyRefusals: [] };
  const everyone = world.users.map((u) => u.userId);
  for (const probe of probes) {
    const missing = probe.request(randomUUID());
    const missingResponse = await t.app.inject({
      method: missing.method,
      url: missing.url,
      headers: world.userOf('intake', 'city').session.headers,
      ...(missing.payload === undefined ? {} : { payload: missing.payload as object }),
    });
    const missingShape = JSON.stringify({ status: missingResponse.statusCode, body: missingResponse.body });
    const items = new Map<string, string>();
    const itemFor = async (officeId: OfficeId, isAssigned: boolean, isRecused: boolean, hasReveal: boolean) => {
      const key = `${officeId}|${isAssigned}|${isRecused}|${hasReveal}`;
      const cached = probe.isMutating === true ? undefined : items.get(key);
      if (cached !== undefined) {
        return cached;
      }
      const id = await probe.createItem({
        officeId,
        assignedUserIds: isAssigned ? everyone : [],
        recusedUserIds: isRecused ? everyone : [],
        revealedUserIds: hasReveal ? everyone : [],
      });
      items.set(key, id);
      return id;
    };
    const revealOptions = probe.dataClass === 'identity' ? [false, true] : [false];
    for (const pair of RELATION_PAIRS) {
      for (const isAssigned of [false, true]) {
        for (const isRecused of [false, true]) {
          for (const hasReveal of revealOptions) {
            for (const role of ROLES) {
              const user = world.userOf(role, pair.userOffice);
              const itemId = await itemFor(world.offices[pair.itemOffice], isAssigned, isRecused, hasReveal);
              const request = probe.request(itemId);
              const response = await t.app.inject({
                method: request.method,
                url: request.url,
                headers: user.session.headers,
                ...(request.payload === undefined ? {} : { payload: request.payload as object }),
              });
              const cell: MatrixCell = {
                dataClass: probe.dataClass,
                role,
                relation: pair.relation,
                isAssigned,
                isRecused,
                hasReveal,
              };
              const expected = expectedAccess(cell);
              const actual =
                probe.isAllowed === undefined
                  ? statusAllows(response.statusCode)
                  : statusAllows(response.statusCode) && probe.isAllowed(response, itemId);
              run.cells.push({ ...cell, probe: probe.name, userOffice: pair.userOffice, expected, actual });
              const where = `${probe.name} ${role}@${pair.userOffice} → item@${pair.itemOffice} (${pair.relation}, assigned=${isAssigned}, recused=${isRecused}, reveal=${hasReveal})`;
              if (expected !== actual) {
                run.mismatches.push(
                  `${where}: expected ${expected ? 'allowed' : 'refused'}, got ${response.statusCode}`,
                );
              }
              const shape = JSON.stringify({ status: response.statusCode, body: response.body });
              const isRefusal = !statusAllows(response.statusCode);
              if (!actual && isRefusal && probe.hasNoMissingShape !== true && shape !== missingShape) {
                run.leakyRefusals.push(`${where}: refusal ${shape} differs from missing ${missingShape}`);
              }
            }
          }
        }
      }
    }
  }
  return run;
}

/**
 * A route that reads something of an office as a whole rather than an item (the audit log: one office's chain).
 * docs/ACCESS.md: `auditor` reads the audit-log chains of its active office and every office below, and nobody
 * else reads them.
 */
export interface OfficeProbe {
  name: string;
  /** The request that reads (or, for office settings, replaces) the office's data. */
  request(officeId: string): { method: 'GET' | 'PUT'; url: string; payload?: object };
}

/** The audit-log cell of docs/ACCESS.md: only `auditor`, in its own office and below. */
export function expectedAuditLogAccess(role: Role, relation: OfficeRelation): boolean {
  return role === 'auditor' && (relation === 'own' || relation === 'child' || relation === 'deeper');
}

/** The office-settings cell of docs/ACCESS.md: only `admin`, in its own office and below. */
export function expectedOfficeSettingsAccess(role: Role, relation: OfficeRelation): boolean {
  return role === 'admin' && (relation === 'own' || relation === 'child' || relation === 'deeper');
}

/** Which cell an office probe runs against: the audit log (the default) or office settings. */
export interface OfficeMatrixOptions {
  /** Whether a role in the active office may call the probe for an office in that relation. */
  expected?: (role: Role, relation: OfficeRelation) => boolean;
  /** The role (in the root office) that asks for an office that does not exist, the answer refusals must match. */
  missingAs?: Role;
}

/** Runs every role × relation pair of every office probe; a refusal must look like the answer for no office. */
export async function runOfficeMatrix(
  t: TestApp,
  world: MatrixWorld,
  probes: readonly OfficeProbe[],
  options: OfficeMatrixOptions = {},
): Promise<{ cells: number; allowed: number; mismatches: string[]; leakyRefusals: string[] }> {
  const expectedAccess = options.expected ?? expectedAuditLogAccess;
  const result = { cells: 0, allowed: 0, mismatches: [] as string[], leakyRefusals: [] as string[] };
  for (const probe of probes) {
    const missing = probe.request(randomUUID());
    const missingResponse = await t.app.inject({
      ...missing,
      headers: world.userOf(options.missingAs ?? 'auditor', 'city').session.headers,
    });
    const missingShape = JSON.stringify({ status: missingResponse.statusCode, body: missingResponse.body });
    for (const pair of RELATION_PAIRS) {
      for (const role of ROLES) {
        const response = await t.app.inject({
          ...probe.request(world.offices[pair.itemOffice]),
          headers: world.userOf(role, pair.userOffice).session.headers,
        });
        const expected = expectedAccess(role, pair.relation);
        const actual = statusAllows(response.statusCode);
        result.cells += 1;
        result.allowed += actual ? 1 : 0;
        const where = `${probe.name} ${role}@${pair.userOffice} → office ${pair.itemOffice} (${pair.relation})`;
        if (expected !== actual) {
          result.mismatches.push(`${where}: expected ${expected ? 'allowed' : 'refused'}, got ${response.statusCode}`);
        }
        const shape = JSON.stringify({ status: response.statusCode, body: response.body });
        if (!actual && shape !== missingShape) {
          result.leakyRefusals.push(`${where}: refusal ${shape} differs from missing ${missingShape}`);
        }
      }
    }
  }
  return result;
}
