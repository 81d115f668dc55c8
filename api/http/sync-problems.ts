import type { OperationId } from '../contract/index.js';
import { MappingError, type MappingProblem } from '../domain/mapping/index.js';
import { MappingConflictError, SyncNotConfiguredError } from '../sync-api/port.js';
import type { OperationHandler } from './operation-types.js';
import { ProblemError, type FieldError } from './problem.js';

/** Where a mapping document sits in the request, so each problem names its field there (`body/fields/0/direction`). */
export type MappingLocation = 'body' | 'body/mapping' | 'stored';

const DEFAULTS = '(defaults)';

/** A MappingError problem as a field: a pointer into the override under `at`, or into the defaults it changed. */
export function mappingFieldError(p: MappingProblem, at: string): FieldError {
  if (p.key.startsWith(DEFAULTS)) return { field: `defaults${p.key.slice(DEFAULTS.length)}`, message: `In the default mapping, as this override changes it: ${p.message}` };
  return { field: `${at}${p.key}`, message: p.message };
}

const NOT_CONFIGURED = 'CRM sync is not configured for this tenant. The backend syncs a CRM for its own partner tenant only, once CRM=salesforce '
  + 'and the Salesforce connection are set (SALESFORCE_LOGIN_URL and SALESFORCE_CLIENT_ID with SALESFORCE_CLIENT_SECRET, or with '
  + 'SALESFORCE_USERNAME and SALESFORCE_PRIVATE_KEY_FILE); see the README.';

/** The sync's domain errors as problem details; anything else is left to the shared error handler. */
export function syncProblem(err: unknown, mapping: MappingLocation): ProblemError | undefined {
  if (err instanceof SyncNotConfiguredError) return new ProblemError('sync_not_configured', NOT_CONFIGURED);
  if (err instanceof MappingConflictError) return new ProblemError('precondition_failed', err.message);
  if (err instanceof MappingError) {
    if (mapping === 'stored') {
      // The stored override no longer applies (the defaults or the mapping file changed since it was stored).
      const errors = err.problems.map((p) => mappingFieldError(p, 'override'));
      return new ProblemError('conflict', `The stored mapping override no longer applies to the default mapping (${errors.map((e) => e.field).join(', ')}); replace it.`, { errors });
    }
    const errors = err.problems.map((p) => mappingFieldError(p, mapping));
    const stored = mapping === 'body' ? ' Nothing was stored.' : '';
    return new ProblemError('validation_failed', `The field mapping is invalid: ${errors.map((e) => e.field).join(', ')}.${stored}`, { errors });
  }
  return undefined;
}

/** Wraps a handler so the sync's domain errors leave it as problems. */
export function withSyncProblems<K extends OperationId>(handler: OperationHandler<K>, mapping: MappingLocation = 'body'): OperationHandler<K> {
  return async (input, ctx) => {
    try {
      return await handler(input, ctx);
    } catch (err) {
      throw syncProblem(err, mapping) ?? err;
    }
  };
}
