import { ComplaintListSchema, type ComplaintListQuery } from '@zhengming/contracts';
import type { ApiClient } from './client';

/** The filters of the complaint list (everything of `GET /api/complaints` but the paging). */
export type ComplaintFilters = Partial<Omit<ComplaintListQuery, 'page' | 'pageSize' | 'after'>>;

/** Complaints (server modules/complaints), each answer parsed with its schema. */
export function createComplaintEndpoints(client: ApiClient) {
  return {
    listComplaints: (filters: ComplaintFilters, page: number, pageSize: number) =>
      client.get('/api/complaints', ComplaintListSchema, { query: { ...filters, page, pageSize } }),
  };
}
