import assert from 'node:assert/strict';
import request from 'supertest';
import { assertMatchesContract, assertProblem, problemOf } from '../helpers/contract.js';
import { startTestProduct, type TestProduct } from '../helpers/product.js';
import { incomingCoSell, validCreateRequest } from '../helpers/referrals.js';

describe('referrals API: create, update and state changes', () => {
  let t: TestProduct;
  let token: string;

  before(async () => {
    t = await startTestProduct();
    token = await t.token();
  });
  after(() => t.close());

  const auth = { Authorization: '' };
  beforeEach(() => { auth.Authorization = `Bearer ${token}`; });
  const store = () => t.sandbox.partnerCenter.store;
  const put = (overrides: Record<string, unknown> = {}) => {
    const r = incomingCoSell(overrides);
    store().put(r);
    return r as { id: string; eTag: string };
  };

  describe('create a co-sell referral', () => {
    it('creates the partner referral for the solution, then Microsoft\'s in the same engagement', async () => {
      const before = store().size;
      const res = await request(t.url).post('/v1/referrals').set(auth).send(validCreateRequest());
      assert.equal(res.status, 201, res.text);
      assertMatchesContract(res, 'CreateCoSellReferral');
      const { referral, microsoftReferral } = res.body as { referral: { id: string; engagementId: string; target: unknown[]; eTag: string }; microsoftReferral: { engagementId: string; target: unknown[] } };
      assert.deepEqual(referral.target, [{ type: 'SolutionProfile', id: 'SOL-34104-EBB' }]);
      assert.deepEqual(microsoftReferral.target, [{ type: 'BusinessProfileLocation', id: 'msft' }]);
      assert.equal(microsoftReferral.engagementId, referral.engagementId);
      assert.equal(res.headers['location'], `${t.url}/v1/referrals/${referral.id}`);
      assert.equal(res.headers['etag'], referral.eTag);
      assert.equal(store().size, before + 2);
    });

    it('stores the request\'s fields on the partner referral in Partner Center\'s shape', async () => {
      const res = await request(t.url).post('/v1/referrals').set(auth).send(validCreateRequest({ name: 'Shape check' }));
      const raw = store().get((res.body as { referral: { id: string } }).referral.id) as Record<string, any>;
      assert.equal(raw['name'], 'Shape check');
      assert.equal(raw['type'], 'Shared');
      assert.equal(raw['externalReferenceId'], '006000000000001AAA');
      assert.equal(raw['consent']['consentToToShareInfoWithOthers'], true);
      assert.equal(raw['details']['dealValue'], 50000);
      assert.equal(raw['inviteContext']['assistanceRequestCode'], 'ProofOfConceptOrDemo');
    });

    it('reports every missing prerequisite with the connectors\' wording and creates nothing', async () => {
      const before = store().size;
      const body = validCreateRequest({
        customerProfile: { name: 'Contoso', address: { city: 'Redmond', country: 'USA' }, team: [] },
        details: { dealValue: 10, currency: 'USD', requirements: { solutions: [] } },
      });
      const res = await request(t.url).post('/v1/referrals').set(auth).send(body);
      assertProblem(res, 'prerequisites_missing', 422);
      const fields = (problemOf(res).errors ?? []).map((e) => e.field).sort();
      assert.deepEqual(fields, ['body/customerProfile/address/country', 'body/customerProfile/team', 'body/details/requirements/solutions']);
      assert.match(res.text, /Solution ID is required/);
      assert.match(res.text, /Two letter country code is required/);
      assert.match(res.text, /customer contact information is required/);
      assert.equal(store().size, before);
    });

    it('says the country code is missing when there is none', async () => {
      const res = await request(t.url).post('/v1/referrals').set(auth).send(validCreateRequest({ customerProfile: { name: 'Contoso', team: [{ email: 'a@b.example' }] } }));
      assertProblem(res, 'prerequisites_missing', 422);
      assert.match(res.text, /Customer account country code is missing/);
    });

    it('needs no customer contact when no help is requested', async () => {
      const res = await request(t.url).post('/v1/referrals').set(auth).send(validCreateRequest({
        customerProfile: { name: 'Contoso', address: { country: 'DE' } },
        inviteContext: { assistanceRequestCode: 'Unknown' },
      }));
      assert.equal(res.status, 201, res.text);
    });

    it('finishes an interrupted share: with the engagementId, only the missing Microsoft referral is created', async () => {
      const partner = put({ id: 'half-shared', engagementId: 'eng-half', direction: 'Outgoing', status: 'Active', substatus: 'Accepted', target: [{ type: 'SolutionProfile', id: 'SOL-34104-EBB' }] });
      const before = store().size;
      const res = await request(t.url).post('/v1/referrals').set(auth).send(validCreateRequest({ engagementId: 'eng-half' }));
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.referral.id, partner.id);
      assert.equal(res.body.microsoftReferral.engagementId, 'eng-half');
      assert.equal(store().size, before + 1);
    });
  });

  describe('update deal details', () => {
    it('changes only the given fields and returns the new eTag', async () => {
      const r = put();
      const res = await request(t.url).patch(`/v1/referrals/${r.id}`).set(auth).send({ dealValue: 75000, currency: 'EUR', closingDateTime: '2026-09-30T00:00:00Z', notes: 'Expanded scope.' });
      assert.equal(res.status, 200, res.text);
      assertMatchesContract(res, 'UpdateReferral');
      assert.equal(res.body.details.dealValue, 75000);
      assert.equal(res.body.details.currency, 'EUR');
      assert.equal(res.body.details.notes, 'Expanded scope.');
      assert.equal(res.body.customerProfile.name, 'Fabrikam Inc');
      assert.notEqual(res.body.eTag, r.eTag);
      assert.equal(res.headers['etag'], res.body.eTag);
    });

    it('replaces customer contacts, team, solutions and the help requested', async () => {
      const r = put();
      const res = await request(t.url).patch(`/v1/referrals/${r.id}`).set(auth).send({
        customerContacts: [{ firstName: 'Ana', lastName: 'Lee', email: 'ana@fabrikam.example' }],
        team: [{ firstName: 'Raj', lastName: 'Patel', email: 'raj@partner.example' }],
        solutions: [{ id: 'SOL-6115380-IPC', name: 'Copilot Quickstart' }],
        assistanceRequestCode: 'QuotesOrLicensing',
      });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.customerProfile.team, [{ firstName: 'Ana', lastName: 'Lee', email: 'ana@fabrikam.example' }]);
      assert.deepEqual(res.body.team, [{ firstName: 'Raj', lastName: 'Patel', email: 'raj@partner.example' }]);
      assert.deepEqual(res.body.details.requirements.solutions, [{ id: 'SOL-6115380-IPC', name: 'Copilot Quickstart' }]);
      assert.equal(res.body.inviteContext.assistanceRequestCode, 'QuotesOrLicensing');
    });

    it('adds fields the referral does not have yet', async () => {
      const r = put({ details: { notes: 'bare' }, inviteContext: undefined });
      const res = await request(t.url).patch(`/v1/referrals/${r.id}`).set(auth).send({ solutions: [{ id: 'SOL-1' }], assistanceRequestCode: 'GeneralOrOther' });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.details.requirements.solutions, [{ id: 'SOL-1' }]);
      assert.equal(res.body.inviteContext.assistanceRequestCode, 'GeneralOrOther');
    });

    it('passes If-Match through with its quotes intact', async () => {
      const r = put();
      const res = await request(t.url).patch(`/v1/referrals/${r.id}`).set(auth).set('If-Match', r.eTag).send({ notes: 'guarded' });
      assert.equal(res.status, 200, res.text);
      const patch = t.sandbox.partnerCenter.requestLog.filter((e) => e.method === 'PATCH').at(-1);
      assert.equal(patch?.headers['if-match'], r.eTag);
    });

    it('answers 412 when If-Match is stale, and changes nothing', async () => {
      const r = put();
      const res = await request(t.url).patch(`/v1/referrals/${r.id}`).set(auth).set('If-Match', '"00000000-0000-0000-0000-000000000000"').send({ notes: 'too late' });
      assertProblem(res, 'precondition_failed', 412);
      assert.match(problemOf(res).detail, /changed since/);
      assert.equal((store().get(r.id) as { eTag: string }).eTag, r.eTag);
    });

    it('refuses to update a closed referral', async () => {
      const r = put({ status: 'Closed', substatus: 'Won' });
      const res = await request(t.url).patch(`/v1/referrals/${r.id}`).set(auth).send({ notes: 'after the fact' });
      assertProblem(res, 'referral_closed', 409);
    });

    it('refuses an empty update', async () => {
      const r = put();
      const res = await request(t.url).patch(`/v1/referrals/${r.id}`).set(auth).send({});
      assertProblem(res, 'validation_failed', 400);
    });

    it('answers 404 for an unknown referral', async () => {
      const res = await request(t.url).patch('/v1/referrals/nope').set(auth).send({ notes: 'x' });
      assertProblem(res, 'not_found', 404);
    });
  });

  describe('accept, decline, close', () => {
    it('accepts a new incoming referral', async () => {
      const r = put();
      const res = await request(t.url).post(`/v1/referrals/${r.id}/accept`).set(auth).send();
      assert.equal(res.status, 200, res.text);
      assertMatchesContract(res, 'AcceptReferral');
      assert.deepEqual([res.body.status, res.body.substatus], ['Active', 'Accepted']);
    });

    it('declines with the reason stored as the status reason', async () => {
      const r = put();
      const res = await request(t.url).post(`/v1/referrals/${r.id}/decline`).set(auth).send({ reason: 'Outside our region' });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual([res.body.status, res.body.substatus, res.body.statusReason], ['Closed', 'Declined', 'Outside our region']);
    });

    it('needs a reason to decline', async () => {
      const r = put();
      const res = await request(t.url).post(`/v1/referrals/${r.id}/decline`).set(auth).send({});
      assertProblem(res, 'validation_failed', 400);
      assert.deepEqual(problemOf(res).errors, [{ field: 'body/reason', message: 'is required' }]);
    });

    it('closes as won and as lost', async () => {
      const won = put({ status: 'Active', substatus: 'Accepted' });
      const lost = put({ status: 'Active', substatus: 'Accepted' });
      const a = await request(t.url).post(`/v1/referrals/${won.id}/close`).set(auth).send({ outcome: 'Won' });
      const b = await request(t.url).post(`/v1/referrals/${lost.id}/close`).set(auth).send({ outcome: 'Lost', reason: 'Budget cut' });
      assert.deepEqual([a.body.status, a.body.substatus], ['Closed', 'Won']);
      assert.deepEqual([b.body.status, b.body.substatus, b.body.statusReason], ['Closed', 'Lost', 'Budget cut']);
    });

    it('re-reads and retries once when a concurrent change beats an unguarded write', async () => {
      const r = put();
      // The first PATCH meets a 412, as if another writer got there between our read and our write.
      t.sandbox.partnerCenter.faults.inject({ status: 412, times: 1, method: 'PATCH' });
      const res = await request(t.url).post(`/v1/referrals/${r.id}/accept`).set(auth).send();
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.status, 'Active');
    });

    it('does not retry a 412 when the caller gave its own If-Match', async () => {
      const r = put();
      t.sandbox.partnerCenter.faults.inject({ status: 412, times: 1, method: 'PATCH' });
      const res = await request(t.url).post(`/v1/referrals/${r.id}/accept`).set(auth).set('If-Match', r.eTag).send();
      assertProblem(res, 'precondition_failed', 412);
      t.sandbox.partnerCenter.faults.clear();
    });
  });
});
