import assert from 'node:assert/strict';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import request from 'supertest';
import { sandboxIdentityDefaults } from '../../../sandbox/identity/index.js';
import { MOUNT, bodyOf, startIdentityProvider, type RunningIdentityProvider } from './identity-server.js';

const d = sandboxIdentityDefaults();
const TOKEN_PATH = `${MOUNT}/${d.tenantId}/oauth2/v2.0/token`;

function assertEntraError(body: Record<string, unknown>, error: string, aadsts: number): void {
  assert.equal(body['error'], error);
  assert.deepEqual(body['error_codes'], [aadsts]);
  assert.match(String(body['error_description']), new RegExp(`^AADSTS${aadsts}: `));
  assert.match(String(body['timestamp']), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.equal(typeof body['trace_id'], 'string');
  assert.equal(typeof body['correlation_id'], 'string');
}

describe('sandbox identity: token endpoint', () => {
  let p: RunningIdentityProvider;
  before(async () => { p = await startIdentityProvider(); });
  after(async () => { await p.close(); });

  const clientCredentials = { grant_type: 'client_credentials', client_id: d.clientId, client_secret: d.clientSecret, scope: d.apiScope };

  describe('client_credentials', () => {
    it('issues an app token that verifies against the served JWKS with jose', async () => {
      const res = await request(p.origin).post(TOKEN_PATH).type('form').send(clientCredentials).expect(200);
      assert.equal(bodyOf(res)['token_type'], 'Bearer');
      assert.equal(bodyOf(res)['expires_in'], 3599);
      assert.equal(bodyOf(res)['ext_expires_in'], 3599);
      const jwks = createRemoteJWKSet(new URL(p.idp.jwksUri(d.tenantId)));
      const { payload, protectedHeader } = await jwtVerify(bodyOf(res)['access_token'] as string, jwks, {
        issuer: p.idp.issuer(d.tenantId), audience: d.apiResource, algorithms: ['RS256'],
      });
      assert.equal(protectedHeader.alg, 'RS256');
      assert.equal(typeof protectedHeader.kid, 'string');
      assert.equal(payload.iss, `${p.base}/${d.tenantId}/v2.0`);
      assert.deepEqual(payload['roles'], ['Referrals.Read', 'Referrals.ReadWrite']);
      assert.equal(payload['azp'], d.clientId);
      assert.equal(payload['appid'], d.clientId);
      assert.equal(payload['tid'], d.tenantId);
      assert.equal(payload['idtyp'], 'app');
      assert.equal(payload['ver'], '2.0');
      assert.equal(payload.sub, payload['oid']);
      assert.equal((payload.exp ?? 0) - (payload.iat ?? 0), 3599);
    });

    it('accepts HTTP Basic client authentication', async () => {
      const { client_secret: _secret, client_id: _id, ...rest } = clientCredentials;
      const res = await request(p.origin).post(TOKEN_PATH).auth(d.readOnlyClientId, d.readOnlyClientSecret).type('form').send(rest).expect(200);
      assert.deepEqual(decodeJwt(bodyOf(res)['access_token'] as string)['roles'], ['Referrals.Read']);
    });

    it('rejects a wrong client secret with 401 invalid_client AADSTS7000215, without echoing the secret', async () => {
      const res = await request(p.origin).post(TOKEN_PATH).type('form').send({ ...clientCredentials, client_secret: 'not-the-secret' }).expect(401);
      assertEntraError(bodyOf(res), 'invalid_client', 7000215);
      assert.doesNotMatch(res.text, /not-the-secret/);
    });

    it('rejects a request without a client secret with 401 invalid_client AADSTS7000218', async () => {
      const { client_secret: _secret, ...rest } = clientCredentials;
      const res = await request(p.origin).post(TOKEN_PATH).type('form').send(rest).expect(401);
      assertEntraError(bodyOf(res), 'invalid_client', 7000218);
    });

    it('rejects an unknown client with 400 unauthorized_client AADSTS700016', async () => {
      const res = await request(p.origin).post(TOKEN_PATH).type('form').send({ ...clientCredentials, client_id: 'no-such-app' }).expect(400);
      assertEntraError(bodyOf(res), 'unauthorized_client', 700016);
    });

    it('rejects an unknown tenant with 400 AADSTS90002', async () => {
      const res = await request(p.origin).post(`${MOUNT}/no-such-tenant/oauth2/v2.0/token`).type('form').send(clientCredentials).expect(400);
      assertEntraError(bodyOf(res), 'invalid_request', 90002);
    });

    it('rejects a scope without /.default with 400 invalid_scope AADSTS1002012', async () => {
      const res = await request(p.origin).post(TOKEN_PATH).type('form').send({ ...clientCredentials, scope: 'api://cosell-connector/Referrals.Read' }).expect(400);
      assertEntraError(bodyOf(res), 'invalid_scope', 1002012);
    });

    it('rejects a resource the tenant does not know with 400 invalid_resource AADSTS500011', async () => {
      const res = await request(p.origin).post(TOKEN_PATH).type('form').send({ ...clientCredentials, scope: 'api://unknown-api/.default' }).expect(400);
      assertEntraError(bodyOf(res), 'invalid_resource', 500011);
    });

    it('echoes client-request-id as the correlation id', async () => {
      const res = await request(p.origin).post(`${TOKEN_PATH}?client-request-id=corr-123`).type('form').send({ ...clientCredentials, client_secret: 'wrong' }).expect(401);
      assert.equal(bodyOf(res)['correlation_id'], 'corr-123');
    });
  });

  it('rejects an unsupported grant type with 400 unsupported_grant_type AADSTS70003', async () => {
    const res = await request(p.origin).post(TOKEN_PATH).type('form').send({ ...clientCredentials, grant_type: 'password' }).expect(400);
    assertEntraError(bodyOf(res), 'unsupported_grant_type', 70003);
  });

  it('rejects a request without grant_type with 400 AADSTS900144', async () => {
    const { grant_type: _g, ...rest } = clientCredentials;
    const res = await request(p.origin).post(TOKEN_PATH).type('form').send(rest).expect(400);
    assertEntraError(bodyOf(res), 'invalid_request', 900144);
  });

  describe('refresh_token (App+User)', () => {
    const pc = d.partnerCenter;
    const refreshGrant = {
      grant_type: 'refresh_token', client_id: pc.clientId, client_secret: pc.clientSecret, refresh_token: pc.refreshToken,
      scope: `${pc.scope} openid profile offline_access`, client_info: '1',
    };

    it('issues a delegated token for the user with scp, upn and name', async () => {
      const res = await request(p.origin).post(TOKEN_PATH).type('form').send(refreshGrant).expect(200);
      const claims = await p.idp.verifyAccessToken(bodyOf(res)['access_token'] as string, { audience: pc.resource });
      assert.equal(claims['scp'], 'user_impersonation');
      assert.equal(claims['upn'], pc.userUpn);
      assert.equal(claims['name'], 'Sandbox Referrals Admin');
      assert.equal(claims['oid'], pc.userOid);
      assert.equal(claims['azp'], pc.clientId);
      assert.equal(claims['idtyp'], 'user');
      assert.equal(claims['tid'], d.tenantId);
    });

    it('returns a new refresh token, an ID token for the client and client_info as Entra does', async () => {
      const res = await request(p.origin).post(TOKEN_PATH).type('form').send(refreshGrant).expect(200);
      assert.equal(typeof bodyOf(res)['refresh_token'], 'string');
      assert.notEqual(bodyOf(res)['refresh_token'], pc.refreshToken);
      const idToken = decodeJwt(bodyOf(res)['id_token'] as string);
      assert.equal(idToken.aud, pc.clientId);
      assert.equal(idToken['preferred_username'], pc.userUpn);
      assert.deepEqual(JSON.parse(Buffer.from(bodyOf(res)['client_info'] as string, 'base64url').toString()), { uid: pc.userOid, utid: d.tenantId });
      assert.equal(bodyOf(res)['scope'], `${pc.resource}/user_impersonation ${pc.scope} openid profile offline_access`);
    });

    it('accepts the rotated refresh token', async () => {
      const first = await request(p.origin).post(TOKEN_PATH).type('form').send(refreshGrant).expect(200);
      await request(p.origin).post(TOKEN_PATH).type('form').send({ ...refreshGrant, refresh_token: bodyOf(first)['refresh_token'] as string }).expect(200);
    });

    it('grants named permissions as scp', async () => {
      const res = await request(p.origin).post(TOKEN_PATH).type('form').send({ ...refreshGrant, scope: `${d.apiDelegatedScope} openid` }).expect(200);
      const claims = decodeJwt(bodyOf(res)['access_token'] as string);
      assert.equal(claims.aud, d.apiResource);
      assert.equal(claims['scp'], 'user_impersonation');
    });

    it('rejects an unknown refresh token with 400 invalid_grant', async () => {
      const res = await request(p.origin).post(TOKEN_PATH).type('form').send({ ...refreshGrant, refresh_token: 'forged' }).expect(400);
      assertEntraError(bodyOf(res), 'invalid_grant', 9002313);
    });

    it('rejects a refresh token issued to another client with 400 invalid_grant AADSTS70000', async () => {
      const first = await request(p.origin).post(TOKEN_PATH).type('form').send(refreshGrant).expect(200);
      const res = await request(p.origin).post(TOKEN_PATH).type('form')
        .send({ ...refreshGrant, client_id: d.clientId, client_secret: d.clientSecret, refresh_token: bodyOf(first)['refresh_token'] as string }).expect(400);
      assertEntraError(bodyOf(res), 'invalid_grant', 70000);
    });

    it('rejects scopes on two resources with 400 invalid_scope AADSTS28000', async () => {
      const res = await request(p.origin).post(TOKEN_PATH).type('form').send({ ...refreshGrant, scope: `${pc.scope} ${pc.webhookScope}` }).expect(400);
      assertEntraError(bodyOf(res), 'invalid_scope', 28000);
    });
  });
});
