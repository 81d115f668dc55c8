import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { Connection } from '@jsforce/jsforce-node';
import { SignJWT, importPKCS8 } from 'jose';
import { DEFAULT_CLIENT, INTEGRATION_USER_ID, SELLER_USER_ID } from '../../../sandbox/salesforce/index.js';
import { clientCredentialsConnection, opportunity, rejection, startSalesforce, VERSION, type RunningSalesforce } from './emulator-server.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const JWT_CLIENT = 'sandbox-jwt-client';

async function assertion(sf: RunningSalesforce, claims: { sub?: string; aud?: string; expSeconds?: number; key?: string } = {}): Promise<string> {
  const now = Math.floor(sf.clock().getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuer(JWT_CLIENT)
    .setSubject(claims.sub ?? 'seller@cosell-sandbox.example')
    .setAudience(claims.aud ?? sf.base)
    .setExpirationTime(now + (claims.expSeconds ?? 180))
    .sign(await importPKCS8(claims.key ?? privateKeyPem, 'RS256'));
}

function jwtConnection(sf: RunningSalesforce): Connection {
  return new Connection({ oauth2: { loginUrl: sf.base, clientId: JWT_CLIENT }, version: VERSION });
}

describe('salesforce emulator: OAuth', () => {
  let sf: RunningSalesforce;
  before(async () => {
    sf = await startSalesforce({ clients: [DEFAULT_CLIENT, { clientId: JWT_CLIENT, jwtPublicKeyPem: publicKeyPem }] });
  });
  after(() => sf.close());
  beforeEach(() => { sf.emulator.faults.clear(); sf.emulator.requestLog.length = 0; });

  describe('client credentials', () => {
    it('authorizes jsforce with the sandbox client and points it at the instance URL', async () => {
      const conn = await sf.connect();
      assert.equal(conn.instanceUrl, sf.base);
      assert.equal(conn.userInfo?.id, INTEGRATION_USER_ID);
      assert.doesNotMatch(conn.accessToken ?? '', /\./, 'an opaque session id, not a JWT (jsforce refuses SOAP calls with JWTs)');
      const result = await conn.query('SELECT Id FROM User');
      assert.equal(result.totalSize, 2);
    });

    it('answers the documented token shape with an HMAC signature over id + issued_at', async () => {
      const res = await fetch(`${sf.base}/services/oauth2/token`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials&client_id=sandbox-sf-client&client_secret=sandbox-sf-secret',
      });
      const body = await res.json() as Record<string, string>;
      assert.equal(res.status, 200);
      for (const key of ['access_token', 'instance_url', 'id', 'token_type', 'issued_at', 'signature']) assert.ok(body[key], key);
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.issued_at, String(sf.clock().getTime()));
      assert.match(body.id ?? '', new RegExp(`/id/00D\\w{15}/${INTEGRATION_USER_ID}$`));
      assert.equal(body.signature, createHmac('sha256', 'sandbox-sf-secret').update(`${body.id}${body.issued_at}`).digest('base64'));
    });

    it('refuses a wrong secret with invalid_client', async () => {
      const error = await rejection(sf.connect({ clientSecret: 'nope' }));
      assert.equal(error.name, 'invalid_client');
      assert.match(error.message, /invalid client credentials/);
    });

    it('refuses an unknown client with invalid_client_id', async () => {
      const error = await rejection(sf.connect({ clientId: 'who' }));
      assert.equal(error.name, 'invalid_client_id');
    });

    it('refuses an unsupported grant type', async () => {
      const res = await fetch(`${sf.base}/services/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password' });
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    });
  });

  describe('JWT bearer', () => {
    it('issues a session for the user in sub, whose writes it attributes', async () => {
      const conn = jwtConnection(sf);
      await conn.authorize({ grant_type: JWT_BEARER, assertion: await assertion(sf) });
      assert.equal(conn.userInfo?.id, SELLER_USER_ID);
      const created = await conn.sobject('Opportunity').create(opportunity());
      assert.ok(created.success);
      const record = sf.emulator.store.get('Opportunity', created.id);
      assert.equal(record?.LastModifiedById, SELLER_USER_ID);
      assert.equal(record?.OwnerId, SELLER_USER_ID);
    });

    it('accepts https://login.salesforce.com as the audience', async () => {
      const conn = jwtConnection(sf);
      await conn.authorize({ grant_type: JWT_BEARER, assertion: await assertion(sf, { aud: 'https://login.salesforce.com' }) });
      assert.ok(conn.accessToken);
    });

    it('refuses another audience', async () => {
      const error = await rejection(jwtConnection(sf).authorize({ grant_type: JWT_BEARER, assertion: await assertion(sf, { aud: 'https://evil.example' }) }));
      assert.equal(error.name, 'invalid_grant');
      assert.match(error.message, /audience is invalid/);
    });

    it('refuses an expired assertion', async () => {
      const error = await rejection(jwtConnection(sf).authorize({ grant_type: JWT_BEARER, assertion: await assertion(sf, { expSeconds: -60 }) }));
      assert.equal(error.name, 'invalid_grant');
    });

    it('refuses an assertion signed with another key', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const error = await rejection(jwtConnection(sf).authorize({ grant_type: JWT_BEARER, assertion: await assertion(sf, { key: other }) }));
      assert.equal(error.name, 'invalid_grant');
      assert.match(error.message, /invalid assertion/);
    });

    it('refuses an unknown user', async () => {
      const error = await rejection(jwtConnection(sf).authorize({ grant_type: JWT_BEARER, assertion: await assertion(sf, { sub: 'ghost@example.com' }) }));
      assert.equal(error.name, 'invalid_grant');
    });
  });

  describe('session expiry', () => {
    it('expires tokens after two hours; jsforce refreshes through refreshFn and retries once', async () => {
      const conn = await sf.connect();
      const first = conn.accessToken;
      let refreshed = 0;
      conn.on('refresh', () => { refreshed += 1; });
      sf.clock.advance(2 * 60 * 60 * 1000 + 1000);
      const result = await conn.query('SELECT Id FROM User');
      assert.equal(result.totalSize, 2);
      assert.equal(refreshed, 1);
      assert.notEqual(conn.accessToken, first);
      assert.deepEqual(sf.emulator.requestLog.map((e) => `${e.method} ${e.path.split('?')[0] ?? ''} ${e.status}`), [
        'POST /services/oauth2/token 200',
        `GET /services/data/v${VERSION}/query 401`,
        'POST /services/oauth2/token 200',
        `GET /services/data/v${VERSION}/query 200`,
      ]);
    });

    it('answers 401 INVALID_SESSION_ID to an unknown token, which jsforce surfaces without a refresher', async () => {
      const conn = new Connection({ instanceUrl: sf.base, accessToken: 'not-a-session', version: VERSION });
      const error = await rejection(conn.query('SELECT Id FROM User'));
      assert.equal(error.errorCode, 'INVALID_SESSION_ID');
    });

    it('revokeSessions forces every client to re-authenticate', async () => {
      const conn = clientCredentialsConnection(sf.base, 'sandbox-sf-client', 'sandbox-sf-secret');
      await conn.authorize({ grant_type: 'client_credentials' });
      const before = conn.accessToken;
      sf.emulator.revokeSessions();
      await conn.query('SELECT Id FROM User');
      assert.notEqual(conn.accessToken, before);
    });
  });
});
