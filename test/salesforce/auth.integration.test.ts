import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { CrmConfigurationError } from '../../api/domain/crm.js';
import { DEFAULT_CLIENT, DEFAULT_USERS } from '../../sandbox/salesforce/index.js';
import { API_VERSION, rejection, startOrg, type RunningOrg } from './gateway-fixture.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const JWT_CLIENT = { clientId: 'cosell-jwt-client', jwtPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
const PRIVATE_KEY_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const INTEGRATION_USERNAME = DEFAULT_USERS[0]!.username;

describe('salesforce gateway: authentication (integration)', () => {
  let org: RunningOrg;
  before(async () => { org = await startOrg({ clients: [DEFAULT_CLIENT, JWT_CLIENT] }); });
  after(() => org.close());
  beforeEach(() => org.reset());

  it('logs in with client credentials and reads the integration user from the identity URL', async () => {
    const gateway = await org.gateway();
    assert.equal(await gateway.integrationUserId(), org.emulator.integrationUserId);
    const [token, identity] = org.emulator.requestLog;
    assert.equal(`${token?.method} ${token?.path}`, 'POST /services/oauth2/token');
    assert.match(`${identity?.method} ${identity?.path}`, new RegExp(`^GET /id/00D\\w+/${org.emulator.integrationUserId}\\?format=json$`));
    assert.equal(org.emulator.requestLog.length, 2);
  });

  it('keeps the access token out of the identity URL', async () => {
    const gateway = await org.gateway();
    await gateway.integrationUserId();
    assert.ok(org.emulator.requestLog.every((e) => !/oauth_token|access_token/.test(e.path)));
  });

  it('caches the integration user: a second read sends nothing', async () => {
    const gateway = await org.gateway();
    await gateway.integrationUserId();
    const calls = gateway.usage().calls;
    await gateway.integrationUserId();
    assert.equal(gateway.usage().calls, calls);
  });

  it('logs in with a JWT bearer assertion signed by the configured key', async () => {
    const gateway = await org.gateway({ auth: { kind: 'jwt-bearer', clientId: JWT_CLIENT.clientId, username: INTEGRATION_USERNAME, privateKeyPem: PRIVATE_KEY_PEM } });
    assert.equal(await gateway.integrationUserId(), org.emulator.integrationUserId);
  });

  it('a JWT signed by another key is a CrmConfigurationError that names the OAuth error, not the key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const error = await rejection(org.gateway({ auth: { kind: 'jwt-bearer', clientId: JWT_CLIENT.clientId, username: INTEGRATION_USERNAME, privateKeyPem: other } }));
    assert.ok(error instanceof CrmConfigurationError);
    assert.match(error.message, /invalid_grant/);
    assert.ok(!error.message.includes('PRIVATE KEY'));
  });

  it('a wrong client secret is a CrmConfigurationError without the secret in it, tried once', async () => {
    const error = await rejection(org.gateway({ auth: { kind: 'client-credentials', clientId: DEFAULT_CLIENT.clientId, clientSecret: 'wrong-secret-value' } }));
    assert.ok(error instanceof CrmConfigurationError);
    assert.match(error.message, /invalid_client/);
    assert.ok(!error.message.includes('wrong-secret-value'));
    assert.equal(org.emulator.requestLog.length, 1);
  });

  it('re-authenticates after the org ends every session and the call succeeds', async () => {
    const gateway = await org.gateway();
    org.emulator.revokeSessions();
    org.emulator.requestLog.length = 0;
    const rows = await gateway.find('User', { IsActive: true }, ['Username']);
    assert.equal(rows.length, DEFAULT_USERS.length);
    assert.deepEqual(org.emulator.requestLog.map((e) => [e.method, e.path.replace(/\?.*$/, ''), e.status]), [
      ['GET', `/services/data/v${API_VERSION}/query`, 401],
      ['POST', '/services/oauth2/token', 200],
      ['GET', `/services/data/v${API_VERSION}/query`, 200],
    ]);
  });

  it('a session refused right after re-authentication is a CrmConfigurationError, not a refresh loop', async () => {
    const gateway = await org.gateway();
    org.reset();
    org.emulator.faults.inject({ status: 401, pathPattern: /\/query$/, times: 5 });
    const error = await rejection(gateway.find('User', { IsActive: true }, ['Username']));
    assert.ok(error instanceof CrmConfigurationError);
    assert.match(error.message, /INVALID_SESSION_ID/);
    assert.deepEqual(org.emulator.requestLog.map((e) => e.status), [401, 200, 401]);
  });

  it('sends the configured API version on every REST path', async () => {
    const gateway = await org.gateway({ apiVersion: '61.0' });
    await gateway.find('User', { IsActive: true }, ['Username']);
    await gateway.describe('Account');
    await gateway.createMany('Account', [{ Name: 'Versioned' }]);
    const rest = org.emulator.requestLog.filter((e) => e.path.startsWith('/services/data'));
    assert.equal(rest.length, 3);
    assert.ok(rest.every((e) => e.path.startsWith('/services/data/v61.0/')), JSON.stringify(rest.map((e) => e.path)));
  });

  it('counts every HTTP request, authentication included', async () => {
    const gateway = await org.gateway();
    org.emulator.revokeSessions();
    await gateway.find('User', { IsActive: true }, ['Username']);
    assert.equal(gateway.usage().calls, org.emulator.requestLog.length);
    assert.equal(gateway.usage().calls, 4);
  });
});
