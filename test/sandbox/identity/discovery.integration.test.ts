import assert from 'node:assert/strict';
import request from 'supertest';
import { sandboxIdentityDefaults } from '../../../sandbox/identity/index.js';
import { MOUNT, bodyOf, startIdentityProvider, type RunningIdentityProvider } from './identity-server.js';

const d = sandboxIdentityDefaults();

describe('sandbox identity: discovery', () => {
  let p: RunningIdentityProvider;
  before(async () => { p = await startIdentityProvider(); });
  after(async () => { await p.close(); });

  it('serves the v2 OpenID configuration with the provider\'s endpoints', async () => {
    const res = await request(p.origin).get(`${MOUNT}/${d.tenantId}/v2.0/.well-known/openid-configuration`).expect(200);
    assert.equal(bodyOf(res)['issuer'], p.idp.issuer(d.tenantId));
    assert.equal(bodyOf(res)['jwks_uri'], p.idp.jwksUri(d.tenantId));
    assert.equal(bodyOf(res)['token_endpoint'], p.idp.tokenEndpoint(d.tenantId));
    assert.equal(bodyOf(res)['authorization_endpoint'], `${p.base}/${d.tenantId}/oauth2/v2.0/authorize`);
    assert.deepEqual(bodyOf(res)['id_token_signing_alg_values_supported'], ['RS256']);
  });

  it('publishes one RS256 signing key with a kid and no private part', async () => {
    const res = await request(new URL(p.idp.jwksUri(d.tenantId)).origin).get(new URL(p.idp.jwksUri(d.tenantId)).pathname).expect(200);
    const keys = bodyOf(res)['keys'] as Record<string, unknown>[];
    assert.equal(keys.length, 1);
    const [key] = keys;
    assert.equal(key?.['kty'], 'RSA');
    assert.equal(key?.['use'], 'sig');
    assert.equal(key?.['alg'], 'RS256');
    assert.equal(typeof key?.['kid'], 'string');
    assert.equal(key?.['d'], undefined);
  });

  it('answers an unknown tenant with 400 invalid_tenant AADSTS90002', async () => {
    const res = await request(p.origin).get(`${MOUNT}/nowhere/v2.0/.well-known/openid-configuration`).expect(400);
    assert.equal(bodyOf(res)['error'], 'invalid_tenant');
    assert.deepEqual(bodyOf(res)['error_codes'], [90002]);
  });
});
