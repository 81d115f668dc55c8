/**
 * `npm run salesforce:deploy [-- --dry-run | --check]`: deploys the co-sell package, lists it without
 * connecting, or reports what the org lacks. Exit codes: 0 done, 1 failed (deploy refused, schema
 * missing, login failed), 2 bad arguments or settings.
 */
import type { Connection } from '@jsforce/jsforce-node';
import { loginFromEnv } from './command-settings.js';
import { connectSalesforce, type SalesforceLogin } from './connect.js';
import { deploySalesforcePackage, redactSessionIds, SalesforceDeployError, type ComponentReport } from './deploy-package.js';
import { describeThrough } from './describe-object.js';
import { readSourcePackage } from './read-source-package.js';
import { checkSalesforceSchema, formatMissingSchemaMessage, requiredSchemaOf } from './required-schema.js';

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CommandDeps {
  /** Overridable so the command can be driven in-process; the entry point uses the real login. */
  connect?: (login: SalesforceLogin) => Promise<Connection>;
  packageDir?: string;
}

type Mode = 'deploy' | 'dry-run' | 'check';

export const USAGE = 'Usage: salesforce:deploy [--dry-run | --check] [--package-dir <dir>]';

export async function runDeployCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CommandIo, deps: CommandDeps = {}): Promise<number> {
  const args = parseArgs(argv);
  if ('error' in args) {
    io.err(args.error);
    io.err(USAGE);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  const packageDir = args.packageDir ?? deps.packageDir;
  let total = 0;
  try {
    const components = await readSourcePackage(packageDir);
    total = components.length;
    if (args.mode === 'dry-run') {
      for (const c of components) io.out(`would deploy ${c.type.padEnd(13)} ${c.fullName.padEnd(50)} ${c.file}`);
      io.out(`${components.length} components would be deployed (dry run: nothing was sent to Salesforce).`);
      return 0;
    }
    const settings = await loginFromEnv(env);
    if (!settings.ok) {
      for (const p of settings.problems) io.err(`config: ${p}`);
      return 2;
    }
    const conn = await (deps.connect ?? connectSalesforce)(settings.login);
    if (args.mode === 'check') {
      const message = formatMissingSchemaMessage(await checkSalesforceSchema(describeThrough(conn), requiredSchemaOf(components)));
      if (message) {
        io.err(message);
        return 1;
      }
      io.out('The Salesforce org has every co-sell custom field and object.');
      return 0;
    }
    const report = await deploySalesforcePackage(conn, { components, onComponent: (r) => { io.out(line(r)); } });
    io.out(summary(report, total, conn.instanceUrl));
    return 0;
  } catch (error) {
    if (error instanceof SalesforceDeployError) {
      io.err(`Deploy failed: ${error.message}`);
      io.err(summary(error.report, total, undefined));
      return 1;
    }
    io.err(`Failed: ${redactSessionIds(error instanceof Error ? error.message : String(error))}`);
    return 1;
  }
}

function parseArgs(argv: readonly string[]): { mode: Mode; help: boolean; packageDir?: string } | { error: string } {
  let mode: Mode = 'deploy';
  let help = false;
  let packageDir: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--dry-run' || arg === '--check') {
      const next: Mode = arg === '--dry-run' ? 'dry-run' : 'check';
      if (mode !== 'deploy' && mode !== next) return { error: '--dry-run and --check cannot be combined' };
      mode = next;
    } else if (arg === '--help' || arg === '-h') {
      help = true;
    } else if (arg === '--package-dir') {
      packageDir = argv[i + 1];
      i += 1;
      if (packageDir === undefined || packageDir === '') return { error: '--package-dir needs a folder' };
    } else {
      return { error: `Unknown argument: ${String(arg)}` };
    }
  }
  return packageDir === undefined ? { mode, help } : { mode, help, packageDir };
}

function line(r: ComponentReport): string {
  const head = `${r.outcome.padEnd(7)} ${r.type.padEnd(13)} ${r.fullName}`;
  return r.error ? `${head}: ${r.error}` : head;
}

function summary(report: readonly ComponentReport[], total: number, instanceUrl: string | undefined): string {
  const count = (o: ComponentReport['outcome']): number => report.filter((r) => r.outcome === o).length;
  const where = instanceUrl ? ` to ${instanceUrl}` : '';
  return `Deployed ${count('created') + count('updated')} of ${total} components${where}: ${count('created')} created, ${count('updated')} updated, ${count('failed')} failed.`;
}
