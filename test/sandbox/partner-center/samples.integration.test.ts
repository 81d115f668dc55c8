import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { manualClock } from '../../../api/domain/clock.js';
import {
  incomingReferral, MOUNT, REFERRALS, sample, sampleText, startEmulator, withoutDecorations, type Json, type RunningEmulator,
} from './emulator-server.js';

const REFERRAL_SAMPLES: Array<[string, Json]> = [
  ['referral-create-response.json', sample('referral-create-response.json')],
  ['referral-get-by-id-response.json', sample('referral-get-by-id-response.json')],
  ...sample<{ value: Json[] }>('referral-list-response.json').value.map((item, i): [string, Json] => [`referral-list-response.json value[${i}]`, item]),
  ['referral-observed-full-shape-REDACTED.json', sample('referral-observed-full-shape-REDACTED.json')],
  ['referral-put-update-response-obsolete.json', sample('referral-put-update-response-obsolete.json')],
];

/** A `.http` sample split into request line, headers and body. */
function httpSample(name: string): { method: string; headers: Record<string, string>; body: string } {
  const text = sampleText(name).replace(/\r\n/g, '\n');
  const split = text.indexOf('\n\n');
  const [requestLine = '', ...headerLines] = text.slice(0, split).split('\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { method: requestLine.split(' ')[0] ?? '', headers, body: text.slice(split + 2) };
}

describe('partner center emulator: documented samples', () => {
  let pc: RunningEmulator;
  // The samples date from 2018–2022; "now" sits just after the newest so nothing expires.
  before(async () => { pc = await startEmulator({ clock: manualClock(new Date('2020-10-31T00:00:00Z')) }); });
  after(() => pc.close());
  beforeEach(() => { pc.emulator.store.clear(); });

  describe('every referral sample round-trips through the store', () => {
    for (const [name, referral] of REFERRAL_SAMPLES) {
      it(`${name}: GET by id serves every field intact`, async () => {
        pc.emulator.store.put(referral);
        const res = await pc.call('get', `${REFERRALS}/${String(referral.id)}`).expect(200);
        assert.deepEqual(withoutDecorations(res.body as Json), withoutDecorations(referral));
      });

      it(`${name}: the list serves every field intact`, async () => {
        pc.emulator.store.put(referral);
        const res = await pc.call('get', REFERRALS).expect(200);
        const value = (res.body as { value: Json[] }).value;
        assert.equal(value.length, 1);
        assert.deepEqual(withoutDecorations(value[0] as Json), withoutDecorations(referral));
      });
    }

    it('replaces the sample links and context with the emulator\'s own, without the doc typos', async () => {
      const referral = sample('referral-get-by-id-response.json');
      pc.emulator.store.put(referral);
      const res = await pc.call('get', `${REFERRALS}/${String(referral.id)}`).expect(200);
      const body = res.body as Json;
      assert.equal(body['@odata.context'], `${pc.base}/v1.0/$metadata#Referrals/$entity`);
      assert.deepEqual(body.links, {
        relatedReferrals: { uri: `${pc.base}${REFERRALS}?$filter=engagementId eq '${String(referral.engagementId)}'`, method: 'GET' },
        self: { uri: `${pc.base}${REFERRALS}/${String(referral.id)}`, method: 'GET' },
      });
    });

    it('serves the list envelope with the emulator\'s @odata.context', async () => {
      const res = await pc.call('get', REFERRALS).expect(200);
      assert.equal((res.body as Json)['@odata.context'], `${pc.base}/v1.0/$metadata#Referrals`);
    });
  });

  describe('create', () => {
    it('accepts the documented create request and answers like the documented response', async () => {
      const http = httpSample('referral-create-request-example.http');
      const res = await request(pc.origin).post(`${MOUNT}${REFERRALS}`)
        .set(http.headers).set('client-request-id', randomUUID()).send(http.body).expect(201);
      const body = res.body as Json;
      const documented = sample('referral-create-response.json');
      const serverAssigned = new Set(['id', 'engagementId', 'createdDateTime', 'updatedDateTime', 'eTag', 'links', 'details']);
      for (const [key, value] of Object.entries(documented)) {
        if (!serverAssigned.has(key)) assert.deepEqual(body[key], value, key);
      }
      const { closingDateTime, ...details } = body.details as Json;
      assert.equal(closingDateTime, '2018-11-14T00:00:00Z', 'the emulator keeps closingDateTime');
      assert.deepEqual(details, documented.details);
    });

    it('accepts the create request body file as published (leading space included)', async () => {
      await pc.call('post', REFERRALS).set('Content-Type', 'application/json').send(sampleText('referral-create-request.json')).expect(201);
    });
  });

  describe('patch', () => {
    const cases: Array<[string, (after: Json, before: Json) => void]> = [
      ['referral-patch-request-add-team-member.json', (a, b) => {
        assert.equal((a.team as Json[]).length, (b.team as Json[]).length + 1);
        assert.deepEqual((a.team as Json[]).at(-1), { email: 'jane.doe@contoso.com', firstName: 'Jane', lastName: 'Doe', phoneNumber: '0000000001' });
      }],
      ['referral-patch-request-close-won.json', (a) => { assert.deepEqual([a.status, a.substatus], ['Closed', 'Won']); }],
      ['referral-patch-request-dealvalue-and-notes.json', (a) => {
        assert.equal((a.details as Json).dealValue, 10000);
        assert.equal((a.details as Json).notes, 'Lorem ipsum dolor sit amet.');
      }],
      ['referral-patch-request-dealvalue-and-team.json', (a, b) => {
        assert.equal((a.details as Json).dealValue, 10000);
        assert.equal((a.team as Json[]).length, (b.team as Json[]).length + 1);
      }],
    ];
    for (const [name, check] of cases) {
      it(`applies ${name}`, async () => {
        const before = incomingReferral({ createdDateTime: '2020-10-30T00:00:00Z' });
        pc.emulator.store.put(before);
        await pc.call('patch', `${REFERRALS}/${String(before.id)}`).set('Content-Type', 'application/json').send(sampleText(name)).expect(204);
        check(pc.emulator.store.get(String(before.id)) as Json, before);
      });
    }

    it('answers the documented PATCH example (Prefer: return=representation) with 200 and the referral', async () => {
      const referral = incomingReferral({ createdDateTime: '2020-10-30T00:00:00Z' });
      pc.emulator.store.put(referral);
      const http = httpSample('referral-patch-request-example.http');
      const res = await request(pc.origin).patch(`${MOUNT}${REFERRALS}/${String(referral.id)}`)
        .set(http.headers).set('client-request-id', randomUUID()).send(http.body).expect(200);
      assert.equal(((res.body as Json).details as Json).dealValue, 10000);
      assert.equal(res.headers.etag, (res.body as Json).eTag);
    });

    it('answers an If-Match mismatch with exactly the documented 412 body', async () => {
      const referral = incomingReferral({ createdDateTime: '2020-10-30T00:00:00Z' });
      pc.emulator.store.put(referral);
      const res = await pc.call('patch', `${REFERRALS}/${String(referral.id)}`)
        .set('If-Match', '"99999999-0000-0000-0000-000000000000"')
        .send(sample('referral-patch-request-close-won.json')).expect(412);
      assert.deepEqual(res.body, sample('error-412-etag-mismatch.json'));
    });
  });

  describe('obsolete PUT', () => {
    const storedBeforePut = (): Json => ({ ...sample('referral-create-response.json'), eTag: '"2500ec5a-0000-0000-0000-5bf4967d0000"' });

    it('rejects the PUT body as published, which is not valid JSON (trailing comma)', async () => {
      pc.emulator.store.put(storedBeforePut());
      const res = await pc.call('put', `${REFERRALS}/4111fffc-f9ee-4d53-bba6-569135228642`)
        .set('Content-Type', 'application/json').set('If-Match', '"2500ec5a-0000-0000-0000-5bf4967d0000"')
        .send(sampleText('referral-put-update-request-obsolete.json')).expect(400);
      assert.equal((res.body as { error: Json }).error.code, 'invalidRequest');
    });

    it('applies the PUT body once the trailing comma is removed, as the documented response shows', async () => {
      pc.emulator.store.put(storedBeforePut());
      const body = sampleText('referral-put-update-request-obsolete.json').replace(/,\s*}\s*$/, '}');
      const res = await pc.call('put', `${REFERRALS}/4111fffc-f9ee-4d53-bba6-569135228642`)
        .set('Content-Type', 'application/json').set('If-Match', '"2500ec5a-0000-0000-0000-5bf4967d0000"').send(body).expect(200);
      const served = res.body as Json;
      const documented = sample('referral-put-update-response-obsolete.json');
      const differs = new Set(['createdDateTime', 'updatedDateTime', 'eTag', 'links', 'details']);
      for (const [key, value] of Object.entries(documented)) {
        if (!differs.has(key)) assert.deepEqual(served[key], value, key);
      }
      assert.notEqual(served.eTag, '"2500ec5a-0000-0000-0000-5bf4967d0000"', 'a write always changes the eTag');
    });
  });
});
