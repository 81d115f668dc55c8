import assert from 'node:assert/strict';
import { errors } from 'jose';
import { manualClock } from '../../../api/domain/clock.js';
import { createIdentityProvider, sandboxIdentityDefaults } from '../../../sandbox/identity/index.js';

const d = sandboxIdentityDefaults();
const AUD = d.apiResource;

function provider(clock = manualClock()) {
  return createIdentityProvider({ issuerBase: () => 'http://127.0.0.1:1/sandbox/identity', clients: d.clients, users: d.users, clock });
}

describe('sandbox identity: mintAccessToken / verifyAccessToken', () => {
  it('verifies a token it minted for the audience', async () => {
    const idp = provider();
    const claims = await idp.verifyAccessToken(await idp.mintAccessToken({ aud: AUD, roles: ['Referrals.Read'] }), { audience: AUD });
    assert.equal(claims['iss'], idp.issuer(d.tenantId));
    assert.deepEqual(claims['roles'], ['Referrals.Read']);
  });

  it('rejects another audience', async () => {
    const idp = provider();
    const token = await idp.mintAccessToken({ aud: 'api://someone-else' });
    await assert.rejects(idp.verifyAccessToken(token, { audience: AUD }), errors.JWTClaimValidationFailed);
  });

  it('rejects a token signed with the rogue key', async () => {
    const idp = provider();
    const token = await idp.mintAccessToken({ aud: AUD }, { key: 'rogue' });
    await assert.rejects(idp.verifyAccessToken(token, { audience: AUD }), errors.JWSSignatureVerificationFailed);
  });

  it('rejects a token once the clock passes its expiry', async () => {
    const clock = manualClock();
    const idp = provider(clock);
    const token = await idp.mintAccessToken({ aud: AUD }, { expiresInSeconds: 60 });
    clock.advance(61_000);
    await assert.rejects(idp.verifyAccessToken(token, { audience: AUD }), errors.JWTExpired);
  });

  it('rejects a token whose tid is not one of its tenants', async () => {
    const idp = provider();
    const token = await idp.mintAccessToken({ aud: AUD, tid: 'elsewhere' });
    await assert.rejects(idp.verifyAccessToken(token, { audience: AUD }), errors.JWTClaimValidationFailed);
  });

  it('rejects a token from another issuer', async () => {
    const idp = provider();
    const token = await idp.mintAccessToken({ aud: AUD, iss: 'https://login.microsoftonline.com/sandbox/v2.0' });
    await assert.rejects(idp.verifyAccessToken(token, { audience: AUD }), errors.JWTClaimValidationFailed);
  });
});
