import assert from 'node:assert/strict';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { createLoopbackNetworkClient } from '../../../api/partner-center/token-provider.js';
import { json, MOUNT, startDataverse, type RunningDataverse } from './emulator-server.js';

describe('dataverse emulator: tokens, WhoAmI and service protection faults', () => {
  let dv: RunningDataverse;
  before(async () => { dv = await startDataverse(); });
  after(() => dv.close());
  beforeEach(() => { dv.emulator.faults.clear(); dv.emulator.requestLog.length = 0; });

  it('without a token the Web API is 401 with a Bearer challenge', async () => {
    const res = await fetch(`${dv.api}/opportunities`);
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
  });

  it('a token for another audience, or an expired one, is 401', async () => {
    const other = await dv.identity.mintAccessToken({ aud: 'https://api.partner.microsoft.com', appid: 'sandbox-dataverse-client', azp: 'sandbox-dataverse-client', idtyp: 'app' });
    assert.equal((await fetch(`${dv.api}/WhoAmI`, { headers: { authorization: `Bearer ${other}` } })).status, 401);
    const expired = await dv.identity.mintAccessToken({ aud: dv.defaults.dataverse.resource, appid: 'sandbox-dataverse-client', idtyp: 'app' }, { expiresInSeconds: -60 });
    assert.equal((await fetch(`${dv.api}/WhoAmI`, { headers: { authorization: `Bearer ${expired}` } })).status, 401);
  });

  it('a valid token of an app with no application user in the environment is 403', async () => {
    const token = await dv.token(dv.defaults.clientId, dv.defaults.clientSecret);
    const res = await fetch(`${dv.api}/WhoAmI`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 403);
    assert.deepEqual(await json(res), { error: { code: '0x80072560', message: 'The user is not a member of the organization.' } });
  });

  it('msal-node client credentials with the .default scope, through the loopback network client, get a token the emulator accepts', async () => {
    const authorityHost = 'https://login.sandbox.local';
    const tenant = dv.defaults.tenantId;
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: dv.defaults.dataverse.clientId, clientSecret: dv.defaults.dataverse.clientSecret, authority: `${authorityHost}/${tenant}`,
        knownAuthorities: ['login.sandbox.local'],
        authorityMetadata: JSON.stringify({
          token_endpoint: `${authorityHost}/${tenant}/oauth2/v2.0/token`, authorization_endpoint: `${authorityHost}/${tenant}/oauth2/v2.0/authorize`,
          issuer: `${authorityHost}/${tenant}/v2.0`, jwks_uri: `${authorityHost}/${tenant}/discovery/v2.0/keys`,
        }),
      },
      system: { networkClient: createLoopbackNetworkClient((u) => u.replace(authorityHost, `${dv.origin}/sandbox/identity`)) },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: [dv.defaults.dataverse.scope] });
    assert.ok(result?.accessToken);
    const res = await fetch(`${dv.api}/WhoAmI()`, { headers: { authorization: `Bearer ${result.accessToken}` } });
    assert.equal(res.status, 200);
    assert.equal((await json(res)).UserId, dv.emulator.integrationUserId);
  });

  it('WhoAmI returns the application user, its business unit and the organization', async () => {
    const body = await json(await dv.call('WhoAmI'));
    assert.deepEqual(body, {
      '@odata.context': `${dv.api}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
      BusinessUnitId: dv.emulator.businessUnitId, UserId: dv.emulator.integrationUserId, OrganizationId: dv.emulator.organizationId,
    });
    assert.equal(dv.emulator.requestLog.at(-1)!.userId, dv.emulator.integrationUserId);
  });

  it('an injected 429 carries Retry-After in seconds and the documented code and message, and applies nothing', async () => {
    dv.emulator.faults.inject({ status: 429, retryAfterSeconds: 7, method: 'POST', pathPattern: /\/opportunities$/ });
    const before = dv.emulator.store.count('opportunity');
    const res = await dv.call('opportunities', { method: 'POST', body: { name: 'throttled' } });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '7');
    assert.deepEqual(await json(res), { error: { code: '0x80072322', message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' } });
    assert.equal(dv.emulator.store.count('opportunity'), before);
    assert.equal((await dv.call('opportunities', { method: 'POST', body: { name: 'after' } })).status, 204);
  });

  it('faults serve `times` requests; 503 and the execution-time limit code can be injected; latency delays', async () => {
    dv.emulator.faults.inject({ status: 503, times: 2, method: 'GET' });
    assert.equal((await dv.call('WhoAmI')).status, 503);
    assert.equal((await dv.call('WhoAmI')).status, 503);
    assert.equal((await dv.call('WhoAmI')).status, 200);
    dv.emulator.faults.inject({ status: 429, code: '0x80072321', message: 'Combined execution time of incoming requests exceeded limit of 1,200,000 milliseconds over time window of 300 seconds.' });
    const res = await dv.call('WhoAmI');
    assert.equal(res.headers.get('retry-after'), '1');
    assert.equal(((await json(res)).error as { code: string }).code, '0x80072321');
    dv.emulator.faults.inject({ latencyMs: 10 });
    assert.equal((await dv.call('WhoAmI')).status, 200);
    assert.deepEqual(dv.emulator.faults.pending(), []);
  });

  it('POST /_faults injects over HTTP; a bad spec is 400', async () => {
    const ok = await fetch(`${dv.origin}${MOUNT}/_faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 429, retryAfterSeconds: 3, pathPattern: '\\$batch$' }) });
    assert.equal(ok.status, 201);
    const batch = await dv.call('$batch', { method: 'POST', headers: { 'content-type': 'multipart/mixed; boundary=b' }, body: '--b--' });
    assert.equal(batch.status, 429);
    assert.equal(batch.headers.get('retry-after'), '3');
    const bad = await fetch(`${dv.origin}${MOUNT}/_faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status":200}' });
    assert.equal(bad.status, 400);
  });
});
