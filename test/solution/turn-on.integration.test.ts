import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DOCUMENTED_FLOW_ORDER } from '../../solution/documented-flows.js';
import { DataverseCloudFlows } from '../../solution/turn-on-dataverse.js';
import { turnOnFlows } from '../../solution/turn-on.js';
import { repositoryRoot } from '../flows/repository.js';
import { startTurnOnEnvironment, type TurnOnEnvironment } from './turn-on-environment.js';

// The solution's packed flows imported into the Dataverse emulator, then switched through the real
// Web API client, and through the command itself as a separate process over HTTP.

const runFile = promisify(execFile);
const CLI = join(repositoryRoot, 'dist', 'solution', 'turn-on.js');

interface CliRun { code: number; stdout: string; stderr: string }
async function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  // Only PATH from this process: no DATAVERSE_* or other variable of the developer's shell leaks in.
  const childEnv = { PATH: process.env['PATH'] ?? '', ...env };
  try {
    const { stdout, stderr } = await runFile(process.execPath, [CLI, ...args], { env: childEnv, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('solution:turn-on against the Dataverse emulator', function () {
  this.timeout(60_000);
  let env: TurnOnEnvironment;
  let lines: string[];
  const print = (line: string): void => { lines.push(line); };
  const flows = () => new DataverseCloudFlows(env.client);
  const idsOf = (crm: 'salesforce' | 'dynamics365') => DOCUMENTED_FLOW_ORDER[crm].map((name) => env.solutions[crm].flows.find((f) => f.name === name)!.id);
  const flowLines = () => lines.filter((l) => /^(✔|✖|•| ) ?\d\. /.test(l));

  before(async () => { env = await startTurnOnEnvironment(); });
  after(() => env.close());
  beforeEach(() => { env.reset(); lines = []; });

  it('turns every Salesforce flow on in the documented order, each read back as Activated', async () => {
    await env.importSolution('salesforce');
    const ids = idsOf('salesforce');
    assert.ok(ids.every((id) => env.stateOf(id)[0] === 0), 'imported flows start off');
    const result = await turnOnFlows({ flows: flows(), crm: 'salesforce', print });
    assert.equal(result.ok, true);
    assert.deepEqual(env.patchedIds(), ids);
    for (const id of ids) assert.deepEqual(env.stateOf(id), [1, 2]);
    assert.deepEqual(flowLines(), DOCUMENTED_FLOW_ORDER.salesforce.map((name, i) => `✔ ${i + 1}. ${name}: turned on`));
    assert.equal(lines.at(-1), '✔ All 7 flows are on.');
  });

  it('without --crm, finds the Dynamics 365 solution by its flows and turns them on in its order', async () => {
    await env.importSolution('dynamics365');
    const result = await turnOnFlows({ flows: flows(), print });
    assert.equal(result.crm, 'dynamics365');
    assert.deepEqual(env.patchedIds(), idsOf('dynamics365'));
  });

  it('a second run finds every flow on, says so and sends no update', async () => {
    await env.importSolution('salesforce');
    await turnOnFlows({ flows: flows(), crm: 'salesforce' });
    env.sandbox.dataverse.requestLog.length = 0;
    const again = await turnOnFlows({ flows: flows(), crm: 'salesforce', print });
    assert.equal(again.ok, true);
    assert.deepEqual(again.flows.map((f) => f.outcome), Array(7).fill('already'));
    assert.deepEqual(env.patchedIds(), []);
    assert.ok(flowLines().every((l) => l.startsWith('✔ ') && l.endsWith(': already on, left as it is')));
  });

  it('--off turns them off in reverse order', async () => {
    await env.importSolution('salesforce');
    await turnOnFlows({ flows: flows(), crm: 'salesforce' });
    env.sandbox.dataverse.requestLog.length = 0;
    const result = await turnOnFlows({ flows: flows(), crm: 'salesforce', off: true, print });
    assert.equal(result.ok, true);
    assert.deepEqual(env.patchedIds(), [...idsOf('salesforce')].reverse());
    for (const id of idsOf('salesforce')) assert.deepEqual(env.stateOf(id), [0, 1]);
    assert.equal(flowLines()[0], `✔ 7. ${DOCUMENTED_FLOW_ORDER.salesforce[6]!}: turned off`);
  });

  it('stops at a missing flow and names it; the flows before it are on, the ones after it untouched', async () => {
    await env.importSolution('salesforce');
    const ids = idsOf('salesforce');
    env.sandbox.dataverse.store.delete('workflow', ids[3]!);
    const result = await turnOnFlows({ flows: flows(), crm: 'salesforce', print });
    assert.equal(result.ok, false);
    assert.equal(result.failure?.flow, 'Partner Center to Salesforce');
    assert.match(result.failure?.reason ?? '', /no cloud flow with this name/);
    assert.deepEqual(env.patchedIds(), ids.slice(0, 3));
    for (const id of ids.slice(4)) assert.deepEqual(env.stateOf(id), [0, 1]);
    assert.deepEqual(result.flows.map((f) => f.outcome), ['switched', 'switched', 'switched', 'failed', 'not-reached', 'not-reached', 'not-reached']);
    assert.match(flowLines()[3] ?? '', /^✖ 4\. Partner Center to Salesforce: no cloud flow/);
  });

  it('stops at a refused activation with Dataverse\'s reason naming the unbound connection reference', async () => {
    await env.importSolution('salesforce', { unbound: ['cosell_sharedsalesforce'] });
    const ids = idsOf('salesforce');
    const result = await turnOnFlows({ flows: flows(), crm: 'salesforce', print });
    assert.equal(result.ok, false);
    assert.equal(result.failure?.flow, 'Create Co-sell Referral - Salesforce to Partner Center');
    assert.match(result.failure?.reason ?? '', /^Dataverse refused to turn it on: 0x80040203 \(HTTP 400\) Flow client error .*Connection Id missing for connection reference logical name 'cosell_sharedsalesforce'/);
    assert.deepEqual(env.stateOf(ids[0]!), [1, 2]);
    for (const id of ids.slice(1)) assert.deepEqual(env.stateOf(id), [0, 1]);
    assert.deepEqual(env.patchedIds(), ids.slice(0, 2));
    assert.match(lines.at(-1) ?? '', /^✖ Stopped at "Create Co-sell Referral - Salesforce to Partner Center"\. 5 flow\(s\) after it/);
  });

  it('switches the row with the packed WorkflowId, not a same-named copy', async () => {
    await env.importSolution('salesforce');
    const first = env.solutions.salesforce.flows[0]!;
    const copy = '0d0e0a0d-0b0e-4e0f-8a0c-0e0d0e0a0d0b';
    const res = await env.client.send({ method: 'POST', url: 'workflows', body: { workflowid: copy, category: 5, type: 1, name: first.name, primaryentity: 'none', clientdata: first.clientdata }, repeatable: false, what: 'copying a flow' });
    assert.equal(res.status, 204);
    assert.equal((await turnOnFlows({ flows: flows(), crm: 'salesforce' })).ok, true);
    assert.deepEqual(env.stateOf(first.id), [1, 2]);
    assert.deepEqual(env.stateOf(copy), [0, 1]);
  });

  it('a dry run lists what would change, changes nothing, and fails when a flow is missing', async () => {
    await env.importSolution('salesforce');
    const ok = await turnOnFlows({ flows: flows(), crm: 'salesforce', dryRun: true, print });
    assert.equal(ok.ok, true);
    assert.deepEqual(env.patchedIds(), []);
    assert.equal(flowLines().filter((l) => l.startsWith('• ') && l.includes('would be turned on (now off)')).length, 7);
    env.sandbox.dataverse.store.delete('workflow', idsOf('salesforce')[6]!);
    const missing = await turnOnFlows({ flows: flows(), crm: 'salesforce', dryRun: true });
    assert.equal(missing.ok, false);
    assert.equal(missing.failure?.flow, 'Salesforce Microsoft Solutions to Partner Center');
    assert.deepEqual(env.patchedIds(), []);
  });

  describe('the command line (a separate process over HTTP)', () => {
    it('turns the flows on against a running sandbox and exits 0; --off exits 0 too', async () => {
      await env.importSolution('salesforce');
      const on = await cli(['--crm', 'salesforce', '--sandbox', env.base]);
      assert.equal(on.code, 0, on.stderr);
      assert.equal(on.stdout.split('\n').filter((l) => /^✔ \d\. .*: turned on$/.test(l)).length, 7);
      for (const id of idsOf('salesforce')) assert.deepEqual(env.stateOf(id), [1, 2]);
      const off = await cli(['--off', '--sandbox', env.base]);
      assert.equal(off.code, 0, off.stderr);
      for (const id of idsOf('salesforce')) assert.deepEqual(env.stateOf(id), [0, 1]);
    });

    it('exits 1 and names the flow and Dataverse\'s reason when an activation is refused', async () => {
      await env.importSolution('dynamics365', { unbound: ['cosell_sharedcommondataserviceforapps'] });
      const run = await cli(['--crm', 'dynamics365', '--sandbox', env.base]);
      assert.equal(run.code, 1);
      assert.match(run.stdout, /^✔ 1\. Partner Center Webhook Registration: turned on$/m);
      assert.match(run.stdout, /^✖ 2\. Create Co-sell Referral - Dynamics 365 to Partner Center: Dataverse refused to turn it on: .*'cosell_sharedcommondataserviceforapps'/m);
      assert.match(run.stdout, /^✖ Stopped at "Create Co-sell Referral - Dynamics 365 to Partner Center"/m);
    });

    it('exits 2 listing every missing variable, without printing the secret it was given', async () => {
      const secret = 'do-not-print-this-secret-value';
      const run = await cli(['--crm', 'salesforce'], { DATAVERSE_CLIENT_SECRET: secret, DATAVERSE_CERTIFICATE_THUMBPRINT: 'not-hex' });
      assert.equal(run.code, 2);
      for (const key of ['DATAVERSE_URL: is required', 'DATAVERSE_TENANT_ID: is required', 'DATAVERSE_CLIENT_ID: is required', 'DATAVERSE_CERTIFICATE_THUMBPRINT']) assert.ok(run.stderr.includes(key), `${key} in ${run.stderr}`);
      assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret));
    });

    it('with DATAVERSE_* variables, an unreachable identity provider exits 1 naming the failure, never the secret', async () => {
      await env.importSolution('salesforce');
      const secret = 'live-secret-that-must-stay-hidden';
      const run = await cli(['--crm', 'salesforce'], {
        DATAVERSE_URL: `${env.base}/dataverse`, DATAVERSE_TENANT_ID: env.sandbox.defaults.tenantId, DATAVERSE_CLIENT_ID: 'sandbox-dataverse-client',
        DATAVERSE_CLIENT_SECRET: secret, DATAVERSE_AUTHORITY: 'https://127.0.0.1:9',
      });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^✖ No token for Dataverse while listing the cloud flows/m);
      assert.ok(!run.stdout.includes(secret) && !run.stderr.includes(secret));
      assert.ok(idsOf('salesforce').every((id) => env.stateOf(id)[0] === 0));
    });

    it('exits 2 on an unknown --crm or option', async () => {
      assert.equal((await cli(['--crm', 'hubspot', '--sandbox', env.base])).code, 2);
      assert.equal((await cli(['--turn-on-everything'])).code, 2);
    });
  });
});
