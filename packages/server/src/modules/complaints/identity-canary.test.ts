import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateComplaintInput, Role } from '@zhengming/contracts';
import { REDACTED_LOG_PATHS } from '../../app.js';
import { buildComplaintInput } from '../../test-support/complaint-builders.js';
import { buildMatrixWorld, type MatrixOfficeKey, type MatrixWorld } from '../../test-support/matrix-harness.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';

/*
 * The canary of reporter identity (principle 2): complaints registered with marker identity values, every path
 * they take exercised (registration from every channel, a joint letter and a denial, passing up and straight up,
 * a reveal, reads by every role, refused input), then the server log, the audit log, every answer to a non-intake
 * role, the raw files of the PGlite data folder and a pg_dump of a server database must hold none of the markers.
 */

/** Identity values that appear nowhere but in identity fields (so they must never appear in the clear). */
const MARKERS = {
  name: '卡纳利甲名',
  unit: '卡纳利单位ZQXU',
  idNumber: '11010119900307847X',
  phone: '13987650123',
  address: '卡纳利路88号3栋',
  ip: '198.51.100.77',
  deviceId: 'ZQXCANARYDEVICE',
  cosigner: '卡纳利联名乙',
  deniedCosigner: '卡纳利联名丙',
};

/** Identity values that the complaint's own text also mentions: masked in every answer to non-intake roles. */
const IN_TEXT = { name: '卡纳利文中名', phone: '13612340987' };

const markerValues = Object.values(MARKERS);

function findMarkers(text: string, values: readonly string[] = markerValues): string[] {
  return values.filter((value) => text.includes(value));
}

/** Every file under a folder, read as raw bytes and searched for each marker's UTF-8 bytes. */
function markersInFolder(folder: string, values: readonly string[] = markerValues): string[] {
  const found = new Set<string>();
  const needles = values.map((value) => ({ value, bytes: Buffer.from(value, 'utf8') }));
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.isFile()) {
        const bytes = fs.readFileSync(full);
        for (const needle of needles) {
          if (bytes.includes(needle.bytes)) {
            found.add(`${needle.value} in ${path.relative(folder, full)}`);
          }
        }
      }
    }
  };
  walk(folder);
  return [...found];
}

describe('reporter identity canary', () => {
  const logLines: string[] = [];
  const nonIntakeAnswers: string[] = [];
  let t: TestApp;
  let world: MatrixWorld;

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    t = await buildTestApp({
      logger: { level: 'trace', stream, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } },
    });
    world = await buildMatrixWorld(t);
    await t.deps.db
      .updateTable('role_grants')
      .set({ is_principal: true })
      .where('user_id', '=', world.userOf('leader', 'townA1').userId)
      .execute();
    await t.deps.db
      .insertInto('office_settings')
      .values({
        office_id: world.offices.townA1,
        number_prefix: '一镇纪委',
        number_word: '信',
        key_periods: '[]',
        records_online_identifiers: true,
        routing_requires_approval: false,
        shared_endpoints: '[]',
        updated_by: null,
        updated_at: t.clock.now(),
      })
      .execute();
    await exercise();
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  const call = async (role: Role, office: MatrixOfficeKey, method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await t.app.inject({
      method,
      url,
      headers: world.userOf(role, office).session.headers,
      ...(payload === undefined ? {} : { payload }),
    });
    if (role !== 'intake') {
      nonIntakeAnswers.push(`${method} ${url} → ${response.statusCode} ${response.body}`);
    }
    return response;
  };

  const reporter = {
    name: MARKERS.name,
    unit: MARKERS.unit,
    idNumber: MARKERS.idNumber,
    phone: MARKERS.phone,
    address: MARKERS.address,
  };

  /** Registers, routes, reveals, passes up and reads complaints carrying the markers, as every role. */
  async function exercise(): Promise<void> {
    const ids: string[] = [];
    const leadIds: string[] = [];
    const register = async (input: CreateComplaintInput, office: MatrixOfficeKey = 'townA1') => {
      const response = await call('intake', office, 'POST', '/api/complaints', input);
      expect(response.statusCode, response.body).toBe(201);
      const created = response.json<{ id: string; leadIds: string[] }>();
      ids.push(created.id);
      leadIds.push(...created.leadIds);
      return created;
    };
    const subjects = [{ name: '王建国', unit: '红星村村委会' }];
    for (const channel of ['letter', 'visit', 'phone', 'referred'] as const) {
      await register(
        buildComplaintInput({
          channel,
          reporter,
          subjects,
          text: '反映红星村村委会主任王建国虚报工程款。',
          ...(channel === 'referred' ? { referringOrgan: '县信访局' } : {}),
        }),
      );
    }
    await register(
      buildComplaintInput({
        channel: 'online',
        reporter: { ...reporter, ip: MARKERS.ip, deviceId: MARKERS.deviceId },
        subjects,
        text: '网上反映王建国问题。',
      }),
    );
    const joint = await register(
      buildComplaintInput({
        reporter,
        subjects,
        text: '联名反映王建国问题。',
        cosigners: [{ name: MARKERS.cosigner }, { name: MARKERS.deniedCosigner, denied: true }],
      }),
    );
    await call('intake', 'townA1', 'POST', `/api/complaints/${joint.id}/cosigners/1/denial`, { method: 'phone' });
    await call('intake', 'townA1', 'POST', `/api/complaints/${joint.id}/reporter-status`, {
      status: 'confirmed',
      method: 'phone',
    });
    const inText = await register(
      buildComplaintInput({
        reporter: { name: IN_TEXT.name, phone: IN_TEXT.phone },
        subjects,
        text: `我叫${IN_TEXT.name}，电话${IN_TEXT.phone}，反映王建国问题。`,
      }),
    );
    await register(buildComplaintInput({ reporter, jurisdiction: 'up_principal', text: '反映镇主要负责人问题。' }));
    const up = await register(buildComplaintInput({ reporter, jurisdiction: 'up', text: '属上级管辖的问题。' }));
    const upDetail = (await call('leader', 'townA1', 'GET', `/api/complaints/${up.id}`)).json<{
      transfer: { approvalId: string };
    }>();
    await call('leader', 'townA1', 'POST', `/api/approvals/${upDetail.transfer.approvalId}/approve`, {});

    // Refused input that carries identity: the error must not echo it.
    await call('intake', 'townA1', 'POST', '/api/complaints', {
      ...buildComplaintInput({ reporter }),
      anonymous: true,
    });
    await call('supervisor', 'townA1', 'POST', '/api/complaints', buildComplaintInput({ reporter }));

    // Routing, a reveal requested and approved, reads by every role in every office.
    const supervisorId = world.userOf('supervisor', 'townA1').userId;
    await call('intake', 'townA1', 'POST', `/api/leads/${leadIds[0]}/team`, { userId: supervisorId });
    const reveal = await call('supervisor', 'townA1', 'POST', `/api/complaints/${joint.id}/reveal-requests`, {
      reason: '需要当面核实',
    });
    const { approvalId } = reveal.json<{ approvalId: string }>();
    await call('leader', 'townA1', 'GET', `/api/approvals/${approvalId}`);
    await call('leader', 'townA1', 'POST', `/api/approvals/${approvalId}/approve`, {});
    for (const office of ['townA1', 'districtA', 'city', 'townA2'] as const) {
      for (const role of [
        'intake',
        'supervisor',
        'investigator',
        'reviewer',
        'leader',
        'monitor',
        'admin',
        'auditor',
      ] as const) {
        await call(role, office, 'GET', '/api/complaints?pageSize=100');
        await call(role, office, 'GET', '/api/approvals/pending');
        for (const id of ids) {
          await call(role, office, 'GET', `/api/complaints/${id}`);
        }
        for (const leadId of leadIds) {
          await call(role, office, 'GET', `/api/leads/${leadId}`);
        }
      }
    }
    // The intake officer reads identity (audited): the audit entry must not carry it.
    await call('intake', 'townA1', 'GET', `/api/complaints/${joint.id}/identity`);
    // The auditor reads the audit log in full.
    await call('auditor', 'city', 'GET', '/api/audit/entries?limit=500');
    expect(inText.id).toBeDefined();
  }

  it('masks identity values found in the text for everyone but intake', () => {
    const inTextValues = Object.values(IN_TEXT);
    const supervisorReads = nonIntakeAnswers.filter((answer) => answer.includes('我叫'));
    expect(supervisorReads.length).toBeGreaterThan(0);
    expect(nonIntakeAnswers.flatMap((answer) => findMarkers(answer, inTextValues))).toEqual([]);
  });

  it('keeps every marker out of every answer to a non-intake role, the revealed identity route aside', () => {
    const leaks = nonIntakeAnswers
      .filter((answer) => !answer.includes('/identity '))
      .flatMap((answer) => findMarkers(answer).map((marker) => `${marker}: ${answer.slice(0, 120)}`));
    expect(leaks).toEqual([]);
    expect(nonIntakeAnswers.length).toBeGreaterThan(500);
  });

  it('keeps every marker out of the server log', () => {
    expect(logLines.length).toBeGreaterThan(100);
    expect(findMarkers(logLines.join('\n'))).toEqual([]);
  });

  it('keeps every marker out of the audit log', async () => {
    const entries = await t.deps.db.selectFrom('audit_entries').selectAll().execute();
    expect(entries.some((entry) => entry.action === 'complaint.identity_read')).toBe(true);
    expect(findMarkers(JSON.stringify(entries))).toEqual([]);
  });

  it('stores no marker in the clear: not in the PGlite files, not in a pg_dump', async () => {
    const stored = await t.deps.db.selectFrom('complaint_reporters').select('identity_sealed').execute();
    expect(stored.length).toBeGreaterThan(5);
    await t.database.close();
    if (t.database.kind === 'pglite') {
      // The search can see plain text in these files: the subject's unit (content, not identity) is there.
      expect(markersInFolder(t.database.location, ['红星村村委会']).length).toBeGreaterThan(0);
      expect(markersInFolder(t.database.location)).toEqual([]);
    } else {
      const dump = execFileSync('pg_dump', ['--no-owner', t.database.location], { maxBuffer: 512 * 1024 * 1024 });
      expect(dump.includes(Buffer.from('红星村村委会'))).toBe(true);
      expect(findMarkers(dump.toString('utf8'))).toEqual([]);
    }
  });
});
