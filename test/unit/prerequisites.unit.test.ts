import assert from 'node:assert/strict';
import { coSellPrerequisiteViolations } from '../../api/domain/prerequisites.js';
import type { CreateReferralRequest } from '../../api/domain/referral.js';
import { isoCodes } from '../../api/reference-data/codes.js';

const ok: CreateReferralRequest = {
  name: 'Deal',
  customerProfile: { name: 'Contoso', address: { country: 'US' }, team: [{ email: 'sue@contoso.example' }] },
  details: { dealValue: 1000, currency: 'USD', requirements: { solutions: [{ id: 'SOL-1' }] } },
  inviteContext: { assistanceRequestCode: 'GeneralOrOther' },
};
const fields = (r: CreateReferralRequest) => coSellPrerequisiteViolations(r, isoCodes).map((v) => v.field);

describe('co-sell prerequisites', () => {
  it('accepts a complete referral', () => assert.deepEqual(fields(ok), []));
  it('needs a solution id', () => assert.deepEqual(fields({ ...ok, details: { ...ok.details, requirements: { solutions: [{ id: '  ' }] } } }), ['body/details/requirements/solutions']));
  it('needs a country', () => assert.deepEqual(fields({ ...ok, customerProfile: { ...ok.customerProfile, address: {} } }), ['body/customerProfile/address/country']));
  it('needs an ISO 3166 alpha-2 country', () => {
    for (const country of ['USA', 'us', 'XX', 'U1']) assert.deepEqual(fields({ ...ok, customerProfile: { ...ok.customerProfile, address: { country } } }), ['body/customerProfile/address/country'], country);
  });
  it('needs an ISO 4217 currency', () => assert.deepEqual(fields({ ...ok, details: { ...ok.details, currency: 'XYZ' } }), ['body/details/currency']));
  it('needs a customer contact when Microsoft\'s help is requested', () => {
    assert.deepEqual(fields({ ...ok, customerProfile: { ...ok.customerProfile, team: [{ firstName: 'No', lastName: 'Way' }] } }), ['body/customerProfile/team']);
  });
  it('needs no contact without help', () => {
    assert.deepEqual(fields({ ...ok, inviteContext: { assistanceRequestCode: 'Unknown' }, customerProfile: { ...ok.customerProfile, team: [] } }), []);
  });
});
