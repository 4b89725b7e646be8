import { OfficeSchema, type CreateOfficeInput } from '@zhengming/contracts';
import { z } from 'zod';
import type { ApiClient } from './client';

const OfficeListSchema = z.array(OfficeSchema);

/** The office tree (server modules/offices), each answer parsed with its schema. */
export function createOfficeEndpoints(client: ApiClient) {
  return {
    listOffices: () => client.get('/api/offices', OfficeListSchema),
    createOffice: (body: CreateOfficeInput) => client.post('/api/offices', OfficeSchema, { body }),
  };
}
