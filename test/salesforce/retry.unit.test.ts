import assert from 'node:assert/strict';
import { CrmConfigurationError, CrmRecordError, CrmUnavailableError } from '../../api/domain/crm.js';
import { classify, domainError, recordErrorOf } from '../../api/salesforce/errors.js';
import { retryDelay } from '../../api/salesforce/retry.js';
import { retryAfterMs } from '../../api/salesforce/transport-hook.js';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('salesforce retry policy (unit)', () => {
  it('doubles the wait per attempt, with equal jitter, up to the cap', () => {
    assert.deepEqual([1, 2, 3, 4].map((a) => retryDelay(a, { ...policy, random: () => 1 })), [100, 200, 400, 800]);
    assert.deepEqual([1, 2, 3, 4].map((a) => retryDelay(a, { ...policy, random: () => 0 })), [50, 100, 200, 400]);
    assert.equal(retryDelay(4, { ...policy, maxAttempts: 9, maxDelayMs: 300, random: () => 1 }), 300);
  });

  it('stops after maxAttempts', () => {
    assert.equal(retryDelay(5, { ...policy, random: () => 0.5 }), undefined);
  });

  it('waits what Retry-After says, or gives up when that is longer than the cap', () => {
    assert.equal(retryDelay(1, { ...policy, random: () => 0 }, 700), 700);
    assert.equal(retryDelay(1, { ...policy, random: () => 0 }, 5_000), undefined);
  });

  it('reads Retry-After in seconds and as an HTTP date', () => {
    assert.equal(retryAfterMs('3'), 3_000);
    assert.equal(retryAfterMs('Mon, 02 Mar 2026 10:00:30 GMT', Date.parse('2026-03-02T10:00:00Z')), 30_000);
    assert.equal(retryAfterMs(undefined), undefined);
    assert.equal(retryAfterMs('soon'), undefined);
  });
});

describe('salesforce error mapping (unit)', () => {
  const apiError = (errorCode: string, message = 'm', fields?: string[]): Error =>
    Object.assign(new Error(message), { name: errorCode, errorCode, data: { errorCode, message, ...(fields ? { fields } : {}) } });

  it('tells refused-before-processing from maybe-applied failures', () => {
    assert.deepEqual(classify(apiError('REQUEST_LIMIT_EXCEEDED'), { status: 403 }), { kind: 'transient', code: 'REQUEST_LIMIT_EXCEEDED', safeToRepeat: true });
    assert.deepEqual(classify(apiError('ERROR_HTTP_503'), { status: 503 }), { kind: 'transient', code: 'ERROR_HTTP_503', safeToRepeat: true });
    assert.deepEqual(classify(apiError('UNKNOWN_EXCEPTION'), { status: 500 }), { kind: 'transient', code: 'UNKNOWN_EXCEPTION', safeToRepeat: false });
    assert.deepEqual(classify(Object.assign(new Error('connect'), { name: 'FetchError', code: 'ECONNREFUSED' })), { kind: 'transient', code: 'ECONNREFUSED', safeToRepeat: true });
    assert.deepEqual(classify(Object.assign(new Error('reset'), { name: 'FetchError', code: 'ECONNRESET' })), { kind: 'transient', code: 'ECONNRESET', safeToRepeat: false });
  });

  it('maps credentials, missing schema and record errors to the domain classes', () => {
    assert.ok(domainError(Object.assign(new Error('invalid client credentials'), { name: 'invalid_client' }), 'x') instanceof CrmConfigurationError);
    const missing = domainError(apiError('INVALID_FIELD', "\nSELECT Nme FROM Account\n       ^\nERROR at Row:1:Column:8\nNo such column 'Nme' on entity 'Account'."), 'x', { status: 400 });
    assert.ok(missing instanceof CrmConfigurationError);
    assert.deepEqual(missing.missing, ['Account.Nme']);
    const record = domainError(apiError('STRING_TOO_LONG', 'too long', ['Name']), 'x', { status: 400 });
    assert.ok(record instanceof CrmRecordError);
    assert.deepEqual([record.code, record.fields, record.crmCode], ['invalid', ['Name'], 'STRING_TOO_LONG']);
    assert.ok(domainError(apiError('SERVER_UNAVAILABLE'), 'x', { status: 503, retryAfterMs: 2_000 }) instanceof CrmUnavailableError);
  });

  it('maps collection item codes', () => {
    const cases: Array<[string, string]> = [
      ['DUPLICATE_VALUE', 'duplicate'], ['DUPLICATE_EXTERNAL_ID', 'duplicate'], ['ENTITY_IS_DELETED', 'not-found'],
      ['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'rolled-back'], ['INSUFFICIENT_ACCESS_OR_READONLY', 'forbidden'],
      ['REQUIRED_FIELD_MISSING', 'invalid'], ['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'invalid'],
    ];
    for (const [statusCode, code] of cases) assert.equal(recordErrorOf([{ statusCode, message: 'm', fields: [] }]).code, code, statusCode);
  });
});
