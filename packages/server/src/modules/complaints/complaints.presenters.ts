import type { Selectable } from 'kysely';
import type { ComplaintDetail, ComplaintList } from '@zhengming/contracts';
import type { ComplaintAllegationsTable, ComplaintCosignersTable, ComplaintSubjectsTable } from '../../db/database.js';
import { formatDateColumn, type ComplaintListRow, type ComplaintRow } from './complaints.repository.js';

/** The content parts of a complaint as the service gathered them (the text already masked where it must be). */
export interface ComplaintParts {
  text: string;
  isMasked: boolean;
  allegations: Selectable<ComplaintAllegationsTable>[];
  subjects: Selectable<ComplaintSubjectsTable>[];
  cosigners: Selectable<ComplaintCosignersTable>[];
}

const iso = (value: Date | string): string => new Date(value).toISOString();

/** A complaint row (and its content where the caller may read it) → the detail answer. Never identity. */
export function presentComplaintDetail(
  row: ComplaintRow & { office_name: string },
  parts: ComplaintParts | null,
  leadIdsWithoutContent: string[] | null,
  officeNames: Map<string, string>,
  access: ComplaintDetail['access'],
): ComplaintDetail {
  const leadIds =
    parts === null
      ? (leadIdsWithoutContent ?? [])
      : [...new Set(parts.subjects.flatMap((s) => (s.lead_id === null ? [] : [s.lead_id])))];
  return {
    id: row.id,
    officeId: row.office_id,
    officeName: row.office_name,
    number: row.number,
    channel: row.channel,
    referringOrgan: row.referring_organ,
    receivedAt: iso(row.received_at),
    registeredAt: iso(row.registered_at),
    status: row.status,
    jurisdiction: row.jurisdiction,
    isStub: row.is_stub,
    isRepeat: row.is_repeat,
    hasNoSubstance: row.has_no_substance,
    externalReference: row.external_reference,
    isAnonymous: row.is_anonymous,
    reporterStatus: row.reporter_status,
    cosignerCount: row.cosigner_count,
    leadIds: leadIds as ComplaintDetail['leadIds'],
    transfer:
      row.destination_office_id === null || row.transfer_due === null
        ? null
        : {
            jurisdiction: row.jurisdiction,
            destinationOfficeId: row.destination_office_id,
            destinationOfficeName: officeNames.get(row.destination_office_id) ?? '',
            due: row.transfer_due,
            transferredAt: row.transferred_at === null ? null : iso(row.transferred_at),
            approvalId: row.transfer_approval_id,
          },
    arrivedFrom:
      row.source_office_id === null
        ? null
        : { officeId: row.source_office_id, officeName: officeNames.get(row.source_office_id) ?? '' },
    decisionDue: row.decision_due,
    acceptanceNotice:
      row.is_anonymous || row.is_stub
        ? null
        : {
            isOwed: row.notice_owed,
            due: row.notice_due,
            sentOn: formatDateColumn(row.notice_sent_on),
            method: (row.notice_method as NonNullable<ComplaintDetail['acceptanceNotice']>['method']) ?? null,
            sentBy: row.notice_sent_by,
          },
    content:
      parts === null
        ? null
        : {
            text: parts.text,
            isMasked: parts.isMasked,
            allegations: parts.allegations.map((a) => ({
              position: a.position,
              category: a.category,
              summary: a.summary,
            })),
            subjects: parts.subjects.map((s) => ({
              position: s.position,
              subjectId: s.subject_id,
              leadId: s.lead_id,
              name: s.name,
              unit: s.unit,
              positionTitle: s.position_title,
              isCandidate: s.is_candidate,
            })),
            cosigners: parts.cosigners.map((c) => ({ position: c.position, isDenied: c.is_denied })),
          },
    access,
  };
}

/** A list row → the list item: metadata, and the subjects' names only where the caller may read content. */
export function presentListItem(row: ComplaintListRow, subjectNames: string[] | null): ComplaintList['items'][number] {
  return {
    id: row.id,
    number: row.number,
    officeId: row.office_id,
    officeName: row.office_name,
    channel: row.channel,
    receivedAt: iso(row.received_at),
    registeredAt: iso(row.registered_at),
    status: row.status,
    isAnonymous: row.is_anonymous,
    isRepeat: row.is_repeat,
    subjectNames,
    acceptanceNoticeDue: row.notice_owed ? (row.notice_due?.due ?? null) : null,
    acceptanceNoticeSent: row.notice_owed ? row.notice_sent_on !== null : null,
  };
}
