import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CLIENT, DEFAULT_USERS } from '../../../sandbox/salesforce/index.js';
import { startSalesforce, type RunningSalesforce } from '../../sandbox/salesforce/emulator-server.js';
import { copyPackage, deployCommand, FIELD_FILE } from './package-fixture.js';

interface Run { code: number; stdout: string; stderr: string }

/** Spawns the compiled command asynchronously: the emulator it talks to runs in this process. */
function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  // No proxy and no ambient SALESFORCE_* settings: the command sees only what the test gives it.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(https?_proxy|SALESFORCE_)/i.test(k)));
  return new Promise((resolve) => {
    execFile(process.execPath, [deployCommand, ...args], { env: { ...base, ...env }, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const SECRET = DEFAULT_CLIENT.clientSecret ?? '';

describe('npm run salesforce:deploy (dist/api/salesforce/metadata/deploy-command.js)', () => {
  let sf: RunningSalesforce;
  let env: Record<string, string>;
  beforeEach(async () => {
    sf = await startSalesforce({ withCustomSchema: false });
    env = { SALESFORCE_LOGIN_URL: sf.base, SALESFORCE_CLIENT_ID: DEFAULT_CLIENT.clientId, SALESFORCE_CLIENT_SECRET: SECRET };
  });
  afterEach(() => sf.close());

  it('--dry-run lists every component and exits 0 without connecting', async () => {
    const result = await run(['--dry-run'], env);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.filter((l) => l.startsWith('would deploy ')).length, 14);
    assert.match(result.stdout, /would deploy CustomObject +Microsoft_Solutions__c +force-app\/main\/default\/objects\/Microsoft_Solutions__c\/Microsoft_Solutions__c\.object-meta\.xml/);
    assert.match(result.stdout, /would deploy CustomField +Opportunity\.Referral_Identifier__c /);
    assert.match(result.stdout, /would deploy CustomField +Lead\.Referral_Identifier__c /);
    assert.match(result.stdout, /would deploy PermissionSet +Cosell_Connector_Integration /);
    assert.equal(lines.at(-1), '14 components would be deployed (dry run: nothing was sent to Salesforce).');
    assert.equal(sf.emulator.requestLog.length, 0);
  });

  it('exits 2 on an unknown argument, with the usage', async () => {
    const result = await run(['--force']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown argument: --force\nUsage: salesforce:deploy/);
  });

  it('exits 2 listing every missing setting by name', async () => {
    const result = await run([]);
    assert.equal(result.code, 2);
    for (const name of ['SALESFORCE_LOGIN_URL', 'SALESFORCE_CLIENT_ID', 'SALESFORCE_CLIENT_SECRET']) assert.match(result.stderr, new RegExp(`config: .*${name}`), name);
    assert.equal(sf.emulator.requestLog.length, 0);
  });

  it('--check on an empty org exits 1 naming each missing field and the object', async () => {
    const result = await run(['--check'], env);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /^Salesforce org is missing the co-sell custom fields: Microsoft_Solutions__c \(object\), Lead\.Audit__c, /);
    assert.match(result.stderr, /Opportunity\.Referral_Identifier__c/);
    assert.match(result.stderr, /Deploy them with `npm run salesforce:deploy`/);
  });

  it('deploys with client credentials, one line per component and a summary; --check then exits 0', async () => {
    const result = await run([], env);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.filter((l) => l.startsWith('created ')).length, 14);
    assert.match(result.stdout, /^created +CustomObject +Microsoft_Solutions__c$/m);
    assert.match(result.stdout, /^created +PermissionSet +Cosell_Connector_Integration$/m);
    assert.equal(lines.at(-1), `Deployed 14 of 14 components to ${sf.base}: 14 created, 0 updated, 0 failed.`);
    assert.ok(!result.stdout.includes(SECRET) && !result.stderr.includes(SECRET));
    const check = await run(['--check'], env);
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /has every co-sell custom field and object/);
  });

  it('deploys with the JWT bearer flow (SALESFORCE_USERNAME + SALESFORCE_PRIVATE_KEY_FILE)', async () => {
    await sf.close();
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    sf = await startSalesforce({ clients: [{ clientId: 'jwt-client', jwtPublicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() }] });
    const dir = mkdtempSync(join(tmpdir(), 'sf-jwt-'));
    try {
      const keyFile = join(dir, 'key.pem');
      writeFileSync(keyFile, keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
      const result = await run([], { SALESFORCE_LOGIN_URL: sf.base, SALESFORCE_CLIENT_ID: 'jwt-client', SALESFORCE_USERNAME: DEFAULT_USERS[0]?.username ?? '', SALESFORCE_PRIVATE_KEY_FILE: keyFile });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Deployed 14 of 14 components/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 when the login is refused, without echoing the secret', async () => {
    const result = await run([], { ...env, SALESFORCE_CLIENT_SECRET: 'wrong-secret-value' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^Failed: .*invalid client credentials/);
    assert.ok(!result.stderr.includes('wrong-secret-value'));
  });

  it('exits 1 naming the refused component and Salesforce\'s message', async () => {
    const copy = copyPackage();
    try {
      const file = `${FIELD_FILE}/Referral_Link__c.field-meta.xml`;
      copy.write(file, copy.read(file).replace('<label>Referral Link</label>', ''));
      const result = await run(['--package-dir', copy.dir], env);
      assert.equal(result.code, 1);
      assert.match(result.stdout, /^failed +CustomField +Opportunity\.Referral_Link__c: REQUIRED_FIELD_MISSING: Required field is missing: label$/m);
      assert.match(result.stderr, /^Deploy failed: Salesforce refused CustomField Opportunity\.Referral_Link__c \(REQUIRED_FIELD_MISSING/m);
      assert.match(result.stderr, /Deployed 12 of 14 components: 12 created, 0 updated, 1 failed\./);
    } finally {
      copy.remove();
    }
  });
});
