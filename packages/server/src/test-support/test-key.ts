import { createAuditWriter, type AuditWriter } from '../audit/audit.js';
import { auditChainKey, type AuditChainKey } from '../audit/audit-hash.js';
import { parseDataKey, type DataKey } from '../keys/keys.js';
import type { Clock } from '../deps.js';

/** The data key of tests that append audit entries without an app (an app gets a fresh key of its own). */
export const TEST_DATA_KEY: DataKey = parseDataKey('5a'.repeat(32));

/** The audit chain key of `TEST_DATA_KEY`, to verify what `testAuditWriter` wrote. */
export const TEST_AUDIT_KEY: AuditChainKey = auditChainKey(TEST_DATA_KEY);

/** An audit writer under `TEST_DATA_KEY` (or `key`) stamped by `clock`. */
export function testAuditWriter(clock: Clock, key: DataKey = TEST_DATA_KEY): AuditWriter {
  return createAuditWriter(key, clock);
}
