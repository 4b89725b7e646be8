import fs from 'node:fs';

/**
 * The app version, from the server package's package.json (the same relative place from src/ and dist/).
 * Recorded in backups and shown by /api/health.
 */
export function appVersion(): string {
  const text = fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const parsed = JSON.parse(text) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}
