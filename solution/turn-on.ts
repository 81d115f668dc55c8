import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError } from '../api/config/load.js';
import { findRepositoryRoot } from '../scripts/connector-validate/connector-documents.js';
import { CRMS, type Crm } from './documented-flows.js';
import { loadSolutionFlows } from './flow-sources.js';
import { dataverseClient, environmentTarget, sandboxTarget } from './turn-on-connect.js';
import { DataverseCloudFlows, type CloudFlows } from './turn-on-dataverse.js';
import { detectCrm, flowTargets } from './turn-on-plan.js';
import { switchFlows, type SwitchResult } from './turn-on-run.js';

// npm run solution:turn-on -- [--crm salesforce|dynamics365] [--off] [--sandbox <url>] [--dry-run]
// Turns the imported solution's cloud flows on in the documented order (flows/<crm>/manifest.json),
// or off in reverse with --off, through the Dataverse Web API. Stops at the first flow that fails and
// names it with Dataverse's reason. Exit code 0 when every flow ends in the wanted state, 1 when a
// flow failed, 2 when the command was called wrongly or the configuration is incomplete.

const USAGE = `Usage: node dist/solution/turn-on.js [--crm salesforce|dynamics365] [--off] [--sandbox <url>] [--dry-run]

  --crm       which solution's flows (default: the one whose flows the environment holds)
  --off       turn the flows off, in reverse order
  --sandbox   a running sandbox's base URL, e.g. http://127.0.0.1:3000/sandbox (no credentials needed)
  --dry-run   say what would change, change nothing

Without --sandbox the environment and its application user come from DATAVERSE_URL,
DATAVERSE_TENANT_ID, DATAVERSE_CLIENT_ID and DATAVERSE_CLIENT_SECRET (or DATAVERSE_CERTIFICATE_FILE
and DATAVERSE_CERTIFICATE_THUMBPRINT), and optionally DATAVERSE_AUTHORITY.`;

export class TurnOnUsageError extends Error {
  override readonly name = 'TurnOnUsageError';
}

export interface TurnOnOptions {
  readonly flows: CloudFlows;
  /** Undefined: the solution whose flows the environment holds. */
  readonly crm?: Crm;
  readonly off?: boolean;
  readonly dryRun?: boolean;
  /** The repository root holding flows/; default: the one this file is in. */
  readonly root?: string;
  readonly print?: (line: string) => void;
}

/** Turns one solution's flows on (or off) in the documented order; the function the CLI and the tests call. */
export async function turnOnFlows(options: TurnOnOptions): Promise<SwitchResult> {
  const root = options.root ?? repositoryRoot();
  const crm = options.crm ?? await detectedCrm(options.flows, root);
  return switchFlows({
    crm,
    manifest: loadSolutionFlows(join(root, 'flows'), crm).manifest,
    direction: options.off === true ? 'off' : 'on',
    dryRun: options.dryRun === true,
    flows: options.flows,
    ...(options.print ? { print: options.print } : {}),
  });
}

async function detectedCrm(flows: CloudFlows, root: string): Promise<Crm> {
  const targets = { salesforce: flowTargets(loadSolutionFlows(join(root, 'flows'), 'salesforce').manifest), dynamics365: flowTargets(loadSolutionFlows(join(root, 'flows'), 'dynamics365').manifest) };
  const crm = detectCrm(targets, await flows.find([...targets.salesforce, ...targets.dynamics365]));
  if (crm === undefined) throw new TurnOnUsageError('Cannot tell which solution\'s flows to switch (the environment holds both, or neither): name it with --crm salesforce or --crm dynamics365.');
  return crm;
}

function repositoryRoot(): string {
  return findRepositoryRoot(fileURLToPath(new URL('.', import.meta.url)));
}

export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The command line; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { crm: { type: 'string' }, off: { type: 'boolean' }, sandbox: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean' } },
      strict: true, allowPositionals: false,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help === true) { io.out(USAGE); return 0; }
  if (values.crm !== undefined && !(CRMS as readonly string[]).includes(values.crm)) {
    io.err(`--crm must be salesforce or dynamics365, not ${JSON.stringify(values.crm)}.\n\n${USAGE}`);
    return 2;
  }
  let client;
  try {
    client = dataverseClient(values.sandbox !== undefined ? sandboxTarget(values.sandbox) : environmentTarget(io.env));
  } catch (error) {
    if (error instanceof ConfigError || error instanceof RangeError || error instanceof TypeError) { io.err(`${error.message}\n\n${USAGE}`); return 2; }
    throw error;
  }
  try {
    io.out(`Dataverse environment: ${client.apiRoot.replace(/\/api\/data\/v9\.2\/$/, '')}`);
    const result = await turnOnFlows({
      flows: new DataverseCloudFlows(client),
      ...(values.crm !== undefined ? { crm: values.crm as Crm } : {}),
      off: values.off === true,
      dryRun: values['dry-run'] === true,
      print: io.out,
    });
    return result.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof TurnOnUsageError) { io.err(error.message); return 2; }
    // Token and connection failures name the call and the identity error code, never a secret.
    io.err(`✖ ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await client.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2), { env: process.env, out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) })
    .then((code) => { process.exitCode = code; })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
