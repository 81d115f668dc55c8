import assert from 'node:assert/strict';
import type { Referral } from '../../api/domain/referral.js';
import { toCreateBody, toPatchOperations, toReferral } from '../../api/partner-center/mappers.js';
import { toODataQuery } from '../../api/partner-center/odata.js';

const base: Referral = { id: 'r1', status: 'New', substatus: 'Pending', type: 'Shared', direction: 'Incoming', category: 'CoSellOpportunity', microsoftCoSell: true, eTag: '"e"' };

describe('Partner Center mappers', () => {
  it('replaces members that exist', () => {
    const ops = toPatchOperations({ ...base, details: { dealValue: 1, notes: 'a' } }, [{ field: 'dealValue', value: 2 }, { field: 'notes', value: 'b' }]);
    assert.deepEqual(ops, [{ op: 'replace', path: '/details/dealValue', value: 2 }, { op: 'replace', path: '/details/notes', value: 'b' }]);
  });
  it('adds a missing member, building its missing parents', () => {
    assert.deepEqual(toPatchOperations(base, [{ field: 'solutions', value: [{ id: 'SOL-1' }] }]),
      [{ op: 'add', path: '/details', value: { requirements: { solutions: [{ id: 'SOL-1' }] } } }]);
    assert.deepEqual(toPatchOperations({ ...base, details: { notes: 'x' } }, [{ field: 'solutions', value: [] }]),
      [{ op: 'add', path: '/details/requirements', value: { solutions: [] } }]);
  });
  it('moves status and substatus together, with the reason', () => {
    const ops = toPatchOperations({ ...base, statusReason: 'old' }, [{ field: 'state', value: { status: 'Closed', substatus: 'Declined', statusReason: 'no' } }]);
    assert.deepEqual(ops, [
      { op: 'replace', path: '/status', value: 'Closed' },
      { op: 'replace', path: '/substatus', value: 'Declined' },
      { op: 'replace', path: '/statusReason', value: 'no' },
    ]);
  });
  it('reads a deal value sent as a string, as the documented PATCH samples send it', () => {
    assert.equal(toReferral({ id: 'x', details: { dealValue: '10000' } }).details?.dealValue, 10000);
  });
  it('drops nulls and keeps empty strings', () => {
    const r = toReferral({ id: 'x', statusReason: null, customerProfile: { address: { addressLine2: '', state: null } } });
    assert.equal('statusReason' in r, false);
    assert.deepEqual(r.customerProfile?.address, { addressLine2: '' });
  });
  it('fixes the consentToToShare… key once, at the adapter', () => {
    assert.deepEqual(toReferral({ id: 'x', consent: { consentToToShareInfoWithOthers: true, consentToContact: false } }).consent,
      { consentToShareInfoWithOthers: true, consentToContact: false });
    const body = toCreateBody({ request: { name: 'n', customerProfile: { name: 'c' }, details: {}, consent: { consentToShareInfoWithOthers: true } }, target: { type: 'SolutionProfile', id: 'S' } });
    assert.equal(body.consent?.consentToToShareInfoWithOthers, true);
  });
  it('treats unknown enum values as None rather than failing the response', () => {
    assert.equal(toReferral({ id: 'x', substatus: 'Engaged' }).substatus, 'None');
  });
  it('writes the documented $filter forms, quotes doubled', () => {
    assert.deepEqual(toODataQuery({ status: 'New', direction: 'Incoming', engagementId: "o'brien", updatedSince: '2026-01-01T00:00:00+01:00', order: 'asc', top: 10 }), {
      $filter: "status eq 'New' and direction eq 'Incoming' and engagementId eq 'o''brien' and updatedDateTime gt 2025-12-31T23:00:00.000Z",
      $orderby: 'updatedDateTime asc',
      $top: '10',
    });
  });
});
