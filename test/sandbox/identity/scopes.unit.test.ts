import assert from 'node:assert/strict';
import { EntraError } from '../../../sandbox/identity/entra-errors.js';
import { parseClientCredentialsScope, parseDelegatedScope } from '../../../sandbox/identity/scopes.js';

function aadsts(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    if (err instanceof EntraError) return err.aadsts;
    throw err;
  }
  return 0;
}

describe('sandbox identity: scope parsing', () => {
  it('reads the resource of a client-credentials scope', () => {
    assert.equal(parseClientCredentialsScope('https://api.partner.microsoft.com/.default').resource, 'https://api.partner.microsoft.com');
  });

  it('refuses two client-credentials scopes', () => {
    assert.equal(aadsts(() => parseClientCredentialsScope('api://a/.default api://b/.default')), 1002012);
  });

  it('separates OIDC scopes from delegated permissions', () => {
    const s = parseDelegatedScope('api://cosell-connector/user_impersonation openid offline_access');
    assert.equal(s.resource, 'api://cosell-connector');
    assert.deepEqual(s.permissions, ['user_impersonation']);
    assert.deepEqual([...s.oidc], ['openid', 'offline_access']);
  });

  it('maps a bare permission to Microsoft Graph', () => {
    assert.equal(parseDelegatedScope('User.Read').resource, 'https://graph.microsoft.com');
  });

  it('refuses .default mixed with a named permission', () => {
    assert.equal(aadsts(() => parseDelegatedScope('api://a/.default api://a/read')), 70011);
  });
});
