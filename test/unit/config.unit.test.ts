import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../api/config/load.js';
import { CONFIG_SCHEMA } from '../../api/config/schema.js';
import { REPO_ROOT } from '../helpers/shared.js';

describe('configuration', () => {
  it('runs in sandbox mode, loudly named, when no Partner Center credential is set', () => {
    const c = loadConfig({});
    assert.equal(c.mode, 'sandbox');
    assert.equal(c.env.PORT, 3000);
    assert.equal(c.host, '127.0.0.1');
  });

  it('refuses production without credentials and names every missing setting', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      for (const key of ['PARTNER_CENTER_TENANT_ID', 'PARTNER_CENTER_CLIENT_ID', 'PARTNER_CENTER_CLIENT_SECRET', 'PARTNER_CENTER_REFRESH_TOKEN', 'AUTH_TENANT_IDS', 'AUTH_AUDIENCE', 'CONTINUATION_TOKEN_SECRET']) {
        assert.match(err.message, new RegExp(key));
      }
      return true;
    });
  });

  it('never goes to sandbox mode by accident once one credential is set', () => {
    assert.throws(() => loadConfig({ PARTNER_CENTER_CLIENT_ID: 'abc' }), /PARTNER_CENTER_CLIENT_SECRET: is required/);
  });

  it('reports every invalid value, without printing secrets', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', CONTINUATION_TOKEN_SECRET: 'short-secret-value' }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 3);
      assert.doesNotMatch(err.message, /short-secret-value/);
      return true;
    });
  });

  it('starts live with complete credentials', () => {
    const c = loadConfig({ PARTNER_CENTER_TENANT_ID: 't', PARTNER_CENTER_CLIENT_ID: 'c', PARTNER_CENTER_CLIENT_SECRET: 's', PARTNER_CENTER_REFRESH_TOKEN: 'r', AUTH_TENANT_IDS: 't', AUTH_AUDIENCE: 'api://x' });
    assert.equal(c.mode, 'live');
    assert.equal(c.host, '0.0.0.0');
    assert.deepEqual(c.partnerCenter, { tenantId: 't', clientId: 'c', clientSecret: 's', refreshToken: 'r' });
  });

  it('takes one CRM per sandbox partner tenant, and refuses a list in live mode', () => {
    assert.equal(loadConfig({ CRM: 'salesforce,dynamics365' }).env.CRM, 'salesforce,dynamics365');
    assert.throws(() => loadConfig({ CRM: 'salesforce,salesforce' }), /CRM: must be equal to one of the allowed values/);
    const live = { PARTNER_CENTER_TENANT_ID: 't', PARTNER_CENTER_CLIENT_ID: 'c', PARTNER_CENTER_CLIENT_SECRET: 's', PARTNER_CENTER_REFRESH_TOKEN: 'r', AUTH_TENANT_IDS: 't', AUTH_AUDIENCE: 'a' };
    assert.throws(() => loadConfig({ ...live, CRM: 'dynamics365,salesforce' }), /CRM: names one CRM in live mode/);
  });

  it('documents every variable in README.md and .env.example', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const example = readFileSync(join(REPO_ROOT, '.env.example'), 'utf8');
    for (const key of Object.keys(CONFIG_SCHEMA.properties)) {
      assert.ok(readme.includes(`\`${key}\``), `README.md does not document ${key}`);
      assert.match(example, new RegExp(`^#? ?${key}=`, 'm'), `.env.example does not list ${key}`);
    }
  });
});
