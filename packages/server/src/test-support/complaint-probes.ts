import { randomUUID } from 'node:crypto';
import type { OfficeId, UserId } from '@zhengming/contracts';
import { newComplaintId, newLeadId, newSubjectId } from '../db/ids.js';
import type { Db } from '../deps.js';
import type { DataKey } from '../keys/keys.js';
import {
  insertComplaint,
  insertComplaintSubjects,
  insertReporter,
} from '../modules/complaints/complaints.repository.js';
import { insertLead, insertRecusal, insertSubject, insertTeamMember } from '../modules/complaints/leads.repository.js';
import { sealReporter } from '../modules/complaints/reporter-identity.js';
import type { MatrixProbe, ProbeItemInput } from './matrix-harness.js';
import type { TestClock } from './test-clock.js';

/*
 * Matrix probes over the real complaint and lead routes: items are inserted with exactly the users assigned,
 * recused and holding a reveal that a cell needs (the rows the services would write), then each route is asked.
 */

let serial = 0;

/** A complaint with one subject on a lead whose team and recusal list are the probe's users. */
async function insertProbeComplaint(db: Db, key: DataKey, clock: TestClock, input: ProbeItemInput): Promise<string> {
  const now = clock.now();
  const id = newComplaintId();
  const subjectId = newSubjectId();
  const leadId = newLeadId();
  serial += 1;
  await insertSubject(db, {
    id: subjectId,
    office_id: input.officeId,
    name: '探针对象',
    unit: '探针村',
    position: null,
    rank_level: null,
    is_party_member: null,
    linked_user_id: null,
    name_key: '探针对象',
    unit_key: '探针村',
    created_by: null,
    created_at: now,
  });
  await insertLead(db, {
    id: leadId,
    office_id: input.officeId,
    subject_id: subjectId,
    status: 'open',
    created_by: null,
    created_at: now,
  });
  for (const userId of input.assignedUserIds) {
    await insertTeamMember(db, {
      lead_id: leadId,
      user_id: userId as UserId,
      role: 'supervisor',
      added_by: null,
      added_at: now,
      approval_id: null,
    });
  }
  for (const userId of input.recusedUserIds) {
    await insertRecusal(db, {
      lead_id: leadId,
      user_id: userId as UserId,
      reason: '探针',
      added_by: null,
      added_at: now,
    });
  }
  await insertComplaint(db, {
    id,
    office_id: input.officeId,
    year: 2026,
    serial: 100_000 + serial,
    number: `探针〔2026〕信字第${serial}号`,
    channel: 'letter',
    referring_organ: null,
    received_at: now,
    registered_at: now,
    registered_by: null,
    jurisdiction: 'handle',
    status: 'registered',
    text: '探针举报人钱某某反映探针对象问题。',
    external_reference: null,
    is_anonymous: false,
    reporter_status: 'claimed',
    reporter_checked_by: null,
    reporter_checked_at: null,
    reporter_check_method: null,
    destination_office_id: null,
    transfer_due: null,
    transfer_approval_id: null,
    transferred_at: null,
    transferred_complaint_id: null,
    source_complaint_id: null,
    source_office_id: null,
    decision_due: null,
    notice_due: null,
    notice_sent_on: null,
    notice_method: null,
    notice_sent_by: null,
    assigned_user_ids: input.assignedUserIds,
    recused_user_ids: input.recusedUserIds,
  });
  await insertReporter(db, {
    complaint_id: id,
    ...sealReporter(key, id, { name: '钱某某', phone: '13700001111' }, false),
  });
  await insertComplaintSubjects(db, [
    {
      complaint_id: id,
      position: 1,
      name: '探针对象',
      unit: '探针村',
      position_title: null,
      rank_level: null,
      is_party_member: null,
      subject_id: subjectId,
      lead_id: leadId,
    },
  ]);
  for (const userId of input.revealedUserIds) {
    await db
      .insertInto('identity_reveals')
      .values({
        id: randomUUID(),
        complaint_id: id,
        user_id: userId as UserId,
        approval_id: randomUUID(),
        valid_from: now,
        valid_until: new Date(now.getTime() + 24 * 3_600_000),
      })
      .execute();
  }
  return `${id}|${leadId}|${input.officeId}`;
}

const parts = (itemId: string): { complaintId: string; leadId: string; officeId: OfficeId } => {
  const [complaintId = itemId, leadId = itemId, officeId = itemId] = itemId.split('|');
  return { complaintId, leadId, officeId: officeId as OfficeId };
};

const bodyOf = (response: { body: string }): unknown => JSON.parse(response.body) as unknown;

/** Probes of every complaint and lead route that opens a data class of one item, and of the list. */
export function complaintProbes(db: Db, key: DataKey, clock: TestClock): MatrixProbe[] {
  const createItem = (input: ProbeItemInput) => insertProbeComplaint(db, key, clock, input);
  return [
    {
      name: 'GET /api/complaints/:id (metadata)',
      dataClass: 'metadata',
      createItem,
      request: (itemId) => ({ method: 'GET', url: `/api/complaints/${parts(itemId).complaintId}` }),
    },
    {
      name: 'GET /api/complaints/:id (content)',
      dataClass: 'content',
      createItem,
      request: (itemId) => ({ method: 'GET', url: `/api/complaints/${parts(itemId).complaintId}` }),
      isAllowed: (response) => (bodyOf(response) as { content: unknown }).content !== null,
    },
    {
      name: 'GET /api/complaints/:id/identity',
      dataClass: 'identity',
      createItem,
      request: (itemId) => ({ method: 'GET', url: `/api/complaints/${parts(itemId).complaintId}/identity` }),
    },
    {
      name: 'GET /api/leads/:id (metadata)',
      dataClass: 'metadata',
      createItem,
      request: (itemId) => ({ method: 'GET', url: `/api/leads/${parts(itemId).leadId}` }),
    },
    {
      name: 'GET /api/leads/:id (content: subject and allegations)',
      dataClass: 'content',
      createItem,
      request: (itemId) => ({ method: 'GET', url: `/api/leads/${parts(itemId).leadId}` }),
      isAllowed: (response) => (bodyOf(response) as { subject: unknown }).subject !== null,
    },
    {
      name: 'GET /api/complaints (the item listed)',
      dataClass: 'metadata',
      createItem,
      request: (itemId) => ({ method: 'GET', url: `/api/complaints?pageSize=100&officeId=${parts(itemId).officeId}` }),
      isAllowed: (response, itemId) =>
        (bodyOf(response) as { items: { id: string }[] }).items.some((item) => item.id === parts(itemId).complaintId),
      hasNoMissingShape: true,
    },
  ];
}
