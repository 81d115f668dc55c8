import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import request from 'supertest';
import type { Express } from 'express';
import { sandboxIdentityDefaults, type IdentityClient } from '../../sandbox/identity/index.js';
import { bodyOf, startIdentityProvider, type RunningIdentityProvider } from '../sandbox/identity/identity-server.js';
import { bearerAuthApp, deadLoopbackUrl } from './bearer-auth-app.js';

const d = sandboxIdentityDefaults();
const OTHER_TENANT = 'other-tenant';
const otherTenantClient: IdentityClient = { tenantId: OTHER_TENANT, clientId: 'other-client', clientSecret: 'other-secret', appRoles: ['Referrals.ReadWrite'] };

describe('bearer auth middleware', () => {
  let p: RunningIdentityProvider;
  let app: Express;

  /** A real token from the sandbox token endpoint (client credentials). */
  async function appToken(clientId: string, clientSecret: string, tenantId: string = d.tenantId): Promise<string> {
    const res = await request(p.origin).post(new URL(p.idp.tokenEndpoint(tenantId)).pathname).type('form')
      .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: d.apiScope }).expect(200);
    return bodyOf(res)['access_token'] as string;
  }

  function mint(claims: Record<string, unknown> = {}, options: Parameters<RunningIdentityProvider['idp']['mintAccessToken']>[1] = {}): Promise<string> {
    return p.idp.mintAccessToken({ aud: d.apiResource, azp: d.clientId, sub: 'caller', roles: ['Referrals.ReadWrite'], ...claims }, options);
  }

  async function expectUnauthorized(authorization: string | undefined, detail: RegExp): Promise<request.Response> {
    const req = request(app).get('/referrals');
    const res = await (authorization === undefined ? req : req.set('Authorization', authorization)).expect(401);
    assert.equal(res.type, 'application/problem+json');
    const body = JSON.parse(res.text) as Record<string, unknown>;
    assert.equal(body['code'], 'unauthorized');
    assert.match(String(body['detail']), detail);
    return res;
  }

  before(async () => {
    p = await startIdentityProvider({ clients: [...d.clients, otherTenantClient] });
    app = bearerAuthApp({
      issuer: (tid) => p.idp.issuer(tid),
      jwksUri: p.idp.jwksUri(d.tenantId),
      audience: d.apiResource,
      allowedTenantIds: [d.tenantId],
    });
  });
  after(async () => { await p.close(); });

  it('lets a valid token through and exposes the principal (JWKS fetched over http loopback)', async () => {
    const token = await appToken(d.clientId, d.clientSecret);
    const res = await request(app).get('/whoami').set('Authorization', `Bearer ${token}`).expect(200);
    assert.equal(bodyOf(res)['tenantId'], d.tenantId);
    assert.equal(bodyOf(res)['clientId'], d.clientId);
    assert.deepEqual(bodyOf(res)['roles'], ['Referrals.Read', 'Referrals.ReadWrite']);
    assert.deepEqual(bodyOf(res)['scopes'], []);
    assert.equal(typeof bodyOf(res)['subject'], 'string');
  });

  it('rejects a request without a token with 401 problem+json and a bare Bearer challenge', async () => {
    const res = await expectUnauthorized(undefined, /no bearer token/);
    assert.equal(res.headers['www-authenticate'], 'Bearer');
  });

  it('rejects another authorization scheme as having no bearer token', async () => {
    await expectUnauthorized('Basic dXNlcjpwYXNz', /no bearer token/);
  });

  it('rejects a malformed Bearer header with invalid_token', async () => {
    const res = await expectUnauthorized('Bearer two tokens', /malformed/);
    assert.match(String(res.headers['www-authenticate']), /^Bearer error="invalid_token", error_description="/);
  });

  it('rejects a bearer token that is not a JWT', async () => {
    await expectUnauthorized('Bearer not-a-jwt', /not a well-formed JWT/);
  });

  it('rejects an expired token and says so in WWW-Authenticate', async () => {
    const res = await expectUnauthorized(`Bearer ${await mint({}, { expiresInSeconds: -3600 })}`, /expired/);
    assert.equal(res.headers['www-authenticate'], 'Bearer error="invalid_token", error_description="The access token has expired."');
  });

  it('rejects a token for another audience', async () => {
    await expectUnauthorized(`Bearer ${await mint({ aud: 'https://api.partner.microsoft.com' })}`, /audience/);
  });

  it('rejects a token from another issuer', async () => {
    await expectUnauthorized(`Bearer ${await mint({ iss: `https://login.microsoftonline.com/${d.tenantId}/v2.0` })}`, /trusted issuer/);
  });

  it('rejects a token whose signature does not verify (rogue key, published kid)', async () => {
    await expectUnauthorized(`Bearer ${await mint({}, { key: 'rogue' })}`, /signature/);
  });

  it('rejects a token signed under a kid the issuer does not publish', async () => {
    await expectUnauthorized(`Bearer ${await mint({}, { key: 'rogue', kid: 'unpublished' })}`, /key the issuer does not publish/);
  });

  it('rejects a token signed with another algorithm (HS256)', async () => {
    const token = await new SignJWT({ aud: d.apiResource, iss: p.idp.issuer(d.tenantId), tid: d.tenantId, roles: ['Referrals.ReadWrite'] })
      .setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'));
    await expectUnauthorized(`Bearer ${token}`, /RS256/);
  });

  it('rejects a token without a tid claim', async () => {
    await expectUnauthorized(`Bearer ${await mint({ tid: undefined })}`, /tenant/);
  });

  it('never echoes the token in the problem', async () => {
    const token = await mint({ aud: 'api://someone-else' });
    const res = await expectUnauthorized(`Bearer ${token}`, /audience/);
    assert.equal(res.text.includes(token), false);
    assert.equal(String(res.headers['www-authenticate']).includes(token), false);
  });

  it('answers a valid token from a tenant that is not allowed with 403 forbidden', async () => {
    const token = await appToken(otherTenantClient.clientId, otherTenantClient.clientSecret, OTHER_TENANT);
    const res = await request(app).get('/referrals').set('Authorization', `Bearer ${token}`).expect(403);
    assert.equal(res.type, 'application/problem+json');
    assert.equal((JSON.parse(res.text) as Record<string, unknown>)['code'], 'forbidden');
  });

  it('answers a token without a write role with 403 forbidden and insufficient_scope', async () => {
    const token = await appToken(d.readOnlyClientId, d.readOnlyClientSecret);
    await request(app).get('/referrals').set('Authorization', `Bearer ${token}`).expect(200);
    const res = await request(app).post('/referrals').set('Authorization', `Bearer ${token}`).expect(403);
    assert.equal(res.type, 'application/problem+json');
    assert.equal((JSON.parse(res.text) as Record<string, unknown>)['code'], 'forbidden');
    assert.match(String(res.headers['www-authenticate']), /^Bearer error="insufficient_scope"/);
  });

  it('answers a token with no role or scope at all with 403 on read', async () => {
    const res = await request(app).get('/referrals').set('Authorization', `Bearer ${await mint({ roles: undefined })}`).expect(403);
    assert.equal((JSON.parse(res.text) as Record<string, unknown>)['code'], 'forbidden');
  });

  it('lets a delegated token with the contract scope write', async () => {
    const res = await request(p.origin).post(new URL(p.idp.tokenEndpoint(d.tenantId)).pathname).type('form').send({
      grant_type: 'refresh_token', client_id: d.clientId, client_secret: d.clientSecret,
      refresh_token: d.partnerCenter.refreshToken, scope: `${d.apiDelegatedScope} openid`,
    }).expect(200);
    await request(app).post('/referrals').set('Authorization', `Bearer ${bodyOf(res)['access_token'] as string}`).expect(201);
  });

  it('answers 500 internal_error, not 401, when the signing keys cannot be fetched', async () => {
    const broken = bearerAuthApp({ issuer: (tid) => p.idp.issuer(tid), jwksUri: await deadLoopbackUrl('/keys'), audience: d.apiResource, allowedTenantIds: [d.tenantId] });
    const res = await request(broken).get('/referrals').set('Authorization', `Bearer ${await mint()}`).expect(500);
    assert.equal((JSON.parse(res.text) as Record<string, unknown>)['code'], 'internal_error');
  });
});
