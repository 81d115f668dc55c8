import assert from 'node:assert/strict';
import { mergeMapping, parseMapping } from '../../api/domain/mapping/load.js';
import { MappingError, type MappingProblem } from '../../api/domain/mapping/mapping-error.js';
import type { Mapping } from '../../api/domain/mapping/types.js';
import { salesforceFile } from './fixtures.js';

function problemsOf(run: () => unknown): MappingProblem[] {
  try { run(); } catch (e) { if (e instanceof MappingError) return e.problems; throw e; }
  assert.fail('expected a MappingError');
}
const keys = (run: () => unknown): string[] => problemsOf(run).map((p) => p.key);
const defaults = (): Mapping => parseMapping(salesforceFile());

describe('mapping files: parseMapping', () => {
  it('parses the shipped Salesforce defaults', () => {
    const m = defaults();
    assert.equal(m.crm, 'salesforce');
    const { description: _, ...dealValue } = m.fields.find((f) => f.id === 'dealValue') ?? { id: '' };
    assert.deepEqual(dealValue, { id: 'dealValue', referral: 'details.dealValue', crm: 'Amount', direction: 'both', transform: 'number' });
  });

  it('ships the six documented picklist labels of "How can Microsoft help?"', () => {
    const labels = Object.values(defaults().fields.find((f) => f.id === 'assistance')?.valueMap?.toCrm ?? {}).sort();
    assert.deepEqual(labels, ['Customer technical architecture', 'General or other', 'Post sales customer success', 'Proof of concept or demo', 'Quotes or licensing', 'Workload specific value proposition']);
  });

  it('names an unknown top-level key', () => {
    assert.deepEqual(keys(() => parseMapping({ ...salesforceFile(), colour: 'red' })), ['/colour']);
  });

  it('names a missing stage', () => {
    const file = salesforceFile() as { stages: { opportunity: Record<string, unknown> } };
    delete file.stages.opportunity.won;
    assert.deepEqual(keys(() => parseMapping(file)), ['/stages/opportunity/won']);
  });

  it('names a bad direction', () => {
    const file = salesforceFile() as { fields: Array<Record<string, unknown>> };
    file.fields[2]!.direction = 'sideways';
    assert.deepEqual(keys(() => parseMapping(file)), ['/fields/2/direction']);
  });

  it('names a duplicate id at its second use', () => {
    const file = salesforceFile() as { fields: Array<Record<string, unknown>> };
    file.fields.push({ ...file.fields[0], crm: 'Amount2__c' });
    assert.deepEqual(keys(() => parseMapping(file)), [`/fields/${file.fields.length - 1}/id`]);
  });

  it('names a referral path the contract does not have', () => {
    const file = salesforceFile() as { fields: Array<Record<string, unknown>> };
    file.fields[0]!.referral = 'details.dealValu';
    assert.deepEqual(keys(() => parseMapping(file)), ['/fields/0/referral']);
  });

  it('refuses a value map for a direction that never uses it', () => {
    const file = salesforceFile() as { fields: Array<Record<string, unknown>> };
    const at = file.fields.findIndex((f) => f.id === 'assistance');
    file.fields[at]!.direction = 'toPartnerCenter';
    assert.deepEqual(keys(() => parseMapping(file)), [`/fields/${at}/valueMap/toCrm`]);
  });

  it('refuses writing a Partner Center read-only path back', () => {
    const file = salesforceFile() as { fields: Array<Record<string, unknown>> };
    const at = file.fields.findIndex((f) => f.id === 'referralId');
    file.fields[at]!.direction = 'both';
    assert.deepEqual(keys(() => parseMapping(file)), [`/fields/${at}/direction`]);
  });

  it('reports every problem, not just the first', () => {
    const file = salesforceFile() as { fields: Array<Record<string, unknown>> };
    file.fields[0]!.referral = 'nope';
    file.fields[1]!.referral = 'status';
    assert.deepEqual(keys(() => parseMapping(file)), ['/fields/0/referral', '/fields/1/referral']);
  });
});

describe('mapping files: mergeMapping', () => {
  it('changes only the keys an override lists, by field id', () => {
    const merged = mergeMapping(defaults(), { version: 1, fields: [{ id: 'dealValue', crm: 'Deal_Value__c' }] });
    const f = merged.fields.find((x) => x.id === 'dealValue');
    assert.equal(f?.crm, 'Deal_Value__c');
    assert.equal(f?.referral, 'details.dealValue');
    assert.equal(merged.fields.length, defaults().fields.length);
  });

  it('adds a new entry, turns one off and removes an optional key with null', () => {
    const merged = mergeMapping(defaults(), {
      version: 1,
      fields: [
        { id: 'statusReason', referral: 'statusReason', crm: 'Loss_Reason__c', direction: 'toCrm' },
        { id: 'notes', direction: 'off' },
        { id: 'currency', transform: null },
      ],
    });
    assert.equal(merged.fields.find((f) => f.id === 'statusReason')?.crm, 'Loss_Reason__c');
    assert.equal(merged.fields.find((f) => f.id === 'notes')?.direction, 'off');
    assert.equal('transform' in (merged.fields.find((f) => f.id === 'currency') ?? {}), false);
  });

  it('overrides one stage and keeps the others', () => {
    const merged = mergeMapping(defaults(), { version: 1, stages: { opportunity: { onHold: { set: { StageName: 'On Hold' } } } } });
    assert.deepEqual(merged.stages.opportunity.onHold, { set: { StageName: 'On Hold' } });
    assert.deepEqual(merged.stages.opportunity.won, defaults().stages.opportunity.won);
  });

  it('names the key of the override file, not of the merged document', () => {
    assert.deepEqual(keys(() => mergeMapping(defaults(), { version: 1, fields: [{ id: 'closeDate', referral: 'details.closeDate' }] })), ['/fields/0/referral']);
  });

  it('names a duplicate id within the override', () => {
    assert.deepEqual(keys(() => mergeMapping(defaults(), { version: 1, fields: [{ id: 'notes', direction: 'off' }, { id: 'notes', crm: 'Notes__c' }] })), ['/fields/1/id']);
  });

  it('names an override for another CRM', () => {
    assert.deepEqual(keys(() => mergeMapping(defaults(), { version: 1, crm: 'dynamics365' })), ['/crm']);
  });

  it('names a new entry that lacks its direction', () => {
    assert.deepEqual(keys(() => mergeMapping(defaults(), { version: 1, fields: [{ id: 'extra', referral: 'statusReason', crm: 'X__c' }] })), ['/fields/0/direction']);
  });
});
