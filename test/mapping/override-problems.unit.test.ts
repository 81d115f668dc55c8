import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { defaultMapping } from '../../api/domain/mapping/defaults.js';
import { mergeMapping, parseMapping } from '../../api/domain/mapping/load.js';
import { MappingError } from '../../api/domain/mapping/mapping-error.js';

const problems = (run: () => unknown): Array<{ key: string; message: string }> => {
  try { run(); } catch (e) { if (e instanceof MappingError) return e.problems; throw e; }
  return assert.fail('expected a MappingError');
};

describe('mapping: a user override with several mistakes', () => {
  const defaults = defaultMapping('salesforce');

  it('names every offending key of the override file at once', () => {
    const found = problems(() => mergeMapping(defaults, {
      version: 1,
      fields: [
        { id: 'dealValue', direction: 'sideways' },
        { id: 'priority', referral: 'details.priority', crm: 'Priority__c', direction: 'both' },
        { id: 'assistance', valueMap: { toPartnerCenter: { Maybe: 'PleaseHelp' } } },
        { id: 'dealValue', crm: 'Other__c' },
      ],
    }));
    assert.deepEqual(found.map((p) => p.key).sort(), ['/fields/0/direction', '/fields/3/id']);
    assert.match(found.find((p) => p.key === '/fields/0/direction')!.message, /both, toCrm, toPartnerCenter, off/);
  });

  it('once the schema is satisfied, names each semantic problem in the override', () => {
    const found = problems(() => mergeMapping(defaults, {
      version: 1,
      fields: [
        { id: 'priority', referral: 'details.priority', crm: 'Priority__c', direction: 'both' },
        { id: 'assistance', valueMap: { toPartnerCenter: { Maybe: 'PleaseHelp' } } },
        { id: 'notes', direction: 'toCrm', valueMap: { toPartnerCenter: { a: 'b' } } },
      ],
      stages: { opportunity: { active: { set: { StageName: ' ' } } } },
    }));
    assert.deepEqual(found.map((p) => p.key).sort(), [
      '/fields/0/referral',
      '/fields/1/valueMap/toPartnerCenter/Maybe',
      '/fields/2/valueMap/toPartnerCenter',
      '/stages/opportunity/active/set/StageName',
    ]);
  });

  it('an unknown key in an override entry is named, not ignored', () => {
    assert.deepEqual(problems(() => mergeMapping(defaults, { version: 1, fields: [{ id: 'notes', directon: 'off' }] })).map((p) => p.key), ['/fields/0/directon']);
  });

  it('a both-way value map that is not one-to-one needs its way back spelled out', () => {
    const found = problems(() => mergeMapping(defaults, { version: 1, fields: [{ id: 'assistance', valueMap: { toCrm: { GeneralOrOther: 'Other', QuotesOrLicensing: 'Other' } } }] }));
    assert.deepEqual(found.map((p) => p.key), ['/fields/0/valueMap/toCrm/QuotesOrLicensing']);
  });

  it('a field on a list object must address the list items', () => {
    const found = problems(() => mergeMapping(defaults, { version: 1, fields: [{ id: 'contactEmail', referral: 'customerProfile.name' }] }));
    assert.deepEqual(found.map((p) => p.key), ['/fields/0/referral']);
  });

  it('a copy of the whole default file is a valid override that changes nothing', () => {
    const file: unknown = JSON.parse(readFileSync(new URL('../../../mappings/salesforce.default.json', import.meta.url), 'utf8'));
    assert.deepEqual(mergeMapping(defaults, file), defaults);
  });

  for (const name of ['salesforce', 'dynamics365']) {
    it(`mappings/${name}.default.json parses as read from disk`, () => {
      const file: unknown = JSON.parse(readFileSync(new URL(`../../../mappings/${name}.default.json`, import.meta.url), 'utf8'));
      assert.equal(parseMapping(file).crm, name);
    });
  }
});
