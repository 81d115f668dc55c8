import assert from 'node:assert/strict';
import request from 'supertest';
import { assertMatchesContract } from '../helpers/contract.js';
import { manualClock } from '../../api/domain/clock.js';
import { startTestProduct, type TestProduct } from '../helpers/product.js';
import { readSample } from '../helpers/shared.js';

type Json = Record<string, unknown>;

/** The documented Referral properties (referral-resources, plus those documented responses show), by nesting. */
const DOCUMENTED: Json = {
  id: 1, engagementId: 1, name: 1, externalReferenceId: 1, organizationId: 1, organizationName: 1,
  createdDateTime: 1, updatedDateTime: 1, expirationDateTime: 1, acceptedDateTime: 1,
  status: 1, substatus: 1, statusReason: 1, type: 1, qualification: 1, direction: 1, eTag: 1,
  customerProfile: {
    name: 1, size: 1,
    address: { addressLine1: 1, addressLine2: 1, city: 1, state: 1, postalCode: 1, country: 1, region: 1 },
    team: { firstName: 1, lastName: 1, phoneNumber: 1, email: 1, contactPreference: { locale: 1, disableNotifications: 1 } },
    ids: { profileType: 1, id: 1 },
  },
  consent: { consentToToShareInfoWithOthers: 1, consentToContact: 1 },
  details: {
    notes: 1, dealValue: 1, currency: 1, closingDateTime: 1,
    requirements: { industries: { id: 1 }, products: { id: 1 }, services: { id: 1 }, solutions: { id: 1, name: 1, type: 1 } },
  },
  team: { firstName: 1, lastName: 1, phoneNumber: 1, email: 1, contactPreference: { locale: 1, disableNotifications: 1 } },
  inviteContext: { notes: 1, invitedBy: { organizationId: 1, organizationName: 1 } },
  target: { type: 1, id: 1 },
};
/** The normalized API fixes Partner Center's one misspelt key. */
const RENAMED: Record<string, string> = { consentToToShareInfoWithOthers: 'consentToShareInfoWithOthers' };

/** Every documented leaf of `pc` with a value, paired with the same place in `api`. */
function documentedLeaves(pc: unknown, api: unknown, spec: unknown, path: string, out: Array<[string, unknown, unknown]>): void {
  if (pc === null || pc === undefined) return;
  if (spec === 1) { out.push([path, pc, api]); return; }
  if (Array.isArray(pc)) {
    pc.forEach((item, i) => documentedLeaves(item, Array.isArray(api) ? api[i] : undefined, spec, `${path}/${i}`, out));
    return;
  }
  if (typeof pc === 'object') {
    for (const [k, sub] of Object.entries(spec as Json)) {
      documentedLeaves((pc as Json)[k], api && typeof api === 'object' ? (api as Json)[RENAMED[k] ?? k] : undefined, sub, `${path}/${k}`, out);
    }
  }
}

const SAMPLES: Array<[string, Json]> = [
  ['referral-create-response.json', readSample<Json>('referral-create-response.json')],
  ['referral-get-by-id-response.json', readSample<Json>('referral-get-by-id-response.json')],
  ['referral-observed-full-shape-REDACTED.json', readSample<Json>('referral-observed-full-shape-REDACTED.json')],
  ['referral-put-update-response-obsolete.json', readSample<Json>('referral-put-update-response-obsolete.json')],
  ...((readSample<{ value: Json[] }>('referral-list-response.json').value).map((r, i): [string, Json] => [`referral-list-response.json value[${i}]`, r])),
];

describe('every referral sample through list and get without losing a documented field', () => {
  let t: TestProduct;
  let token: string;
  // Two days after the 2020 samples were created, so the new ones are still inside their 14-day window and served unchanged.
  before(async () => { t = await startTestProduct({}, { clock: manualClock(new Date('2020-11-01T00:00:00Z')) }); token = await t.token(); });
  after(() => t.close());

  for (const [name, sample] of SAMPLES) {
    it(name, async () => {
      const store = t.sandbox.partnerCenter.store;
      store.clear();
      const { '@odata.context': _ctx, ...raw } = sample;
      store.put(structuredClone(raw));
      const got = await request(t.url).get(`/v1/referrals/${String(sample['id'])}`).set('Authorization', `Bearer ${token}`);
      assert.equal(got.status, 200, got.text);
      assertMatchesContract(got, 'GetReferral');
      const listed = await request(t.url).get('/v1/referrals').set('Authorization', `Bearer ${token}`);
      assert.equal(listed.status, 200, listed.text);
      assertMatchesContract(listed, 'ListReferrals');
      assert.equal((listed.body.value as unknown[]).length, 1);
      for (const served of [got.body, (listed.body.value as unknown[])[0]]) {
        const leaves: Array<[string, unknown, unknown]> = [];
        documentedLeaves(raw, served, DOCUMENTED, '', leaves);
        assert.ok(leaves.length > 10, 'too few documented fields compared');
        for (const [path, expected, actual] of leaves) {
          assert.deepEqual(actual, expected, `${name}: ${path} was lost or changed`);
        }
      }
    });
  }
});
