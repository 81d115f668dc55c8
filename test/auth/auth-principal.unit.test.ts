import assert from 'node:assert/strict';
import type { Response } from 'express';
import { getPrincipal, principalFromClaims } from '../../api/http/auth-principal.js';

describe('auth principal', () => {
  it('reads a v2 app token (azp, roles, no scp)', () => {
    assert.deepEqual(principalFromClaims({ tid: 't', azp: 'c', sub: 's', roles: ['Referrals.Read'] }), {
      tenantId: 't', clientId: 'c', subject: 's', roles: ['Referrals.Read'], scopes: [],
    });
  });

  it('falls back to the v1 appid and splits scp', () => {
    const p = principalFromClaims({ tid: 't', appid: 'c1', sub: 's', scp: 'user_impersonation Referrals.Read' });
    assert.equal(p.clientId, 'c1');
    assert.deepEqual(p.scopes, ['user_impersonation', 'Referrals.Read']);
  });

  it('refuses to read a principal that authenticate did not set', () => {
    assert.throws(() => getPrincipal({ locals: {} } as unknown as Response), /No authenticated principal/);
  });
});
