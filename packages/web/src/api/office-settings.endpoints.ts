import { OfficeSettingsSchema, type UpdateOfficeSettingsBody } from '@zhengming/contracts';
import type { ApiClient } from './client';

/** Per-office settings (server modules/office-settings), each answer parsed with its schema. */
export function createOfficeSettingsEndpoints(client: ApiClient) {
  return {
    getOfficeSettings: (officeId: string) =>
      client.get(`/api/offices/${encodeURIComponent(officeId)}/settings`, OfficeSettingsSchema),
    /** Replaces the whole settings; a field left out takes its default. */
    updateOfficeSettings: (officeId: string, body: UpdateOfficeSettingsBody) =>
      client.request('PUT', `/api/offices/${encodeURIComponent(officeId)}/settings`, OfficeSettingsSchema, { body }),
  };
}
