/**
 * The CLI's own error classes, in a module of their own so that `screen` can use them without loading
 * the server package (which `runtime.ts` and the database commands need).
 */

/** A mistake in how the command was called (exit code 2), as opposed to a failure while running it. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Thrown after printing a verification report that found problems, so the command exits 1. */
export class AuditProblemsError extends Error {
  override name = 'AuditProblemsError';
}
