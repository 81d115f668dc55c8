/**
 * `npm run reconcile [-- --dry-run] [--kind backfill]`: one reconciliation (or backfill) of the referral
 * mirror against the CRM, run by a headless product process, with progress and a summary.
 *
 * It reconciles the store it is configured with (DATABASE_URL, or DATA_DIR), so point it at the API's store.
 * It runs no workers and registers no webhooks (PIPELINE_CONCURRENCY=0): the API keeps its event stream.
 * Exit codes: 0 completed without failures, 1 failed or some records failed, 2 bad arguments or settings.
 */
import { sandboxIdentityDefaults } from '../../sandbox/identity/index.js';
import { ConfigError, csv, loadConfig, type AppConfig } from '../config/load.js';
import { startProduct, type RunningProduct } from '../compose.js';
import { createLogger } from '../logging/logger.js';
import type { SyncRun } from '../storage/types.js';
import { createRunProgress, label } from './run-progress.js';

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  /** The terminal for the progress bar; undefined when stdout is not one. */
  tty?: NodeJS.WritableStream;
  /** Where the product's own log lines go (never stdout, which carries the progress). */
  log: NodeJS.WritableStream;
}

export const USAGE = 'Usage: reconcile [--dry-run] [--kind reconcile|backfill]';

const POLL_MS = 250;
const SHOWN_SAMPLES = 10;

interface Args { dryRun: boolean; kind: SyncRun['kind']; help: boolean }
interface Report { samples?: Array<{ referralId?: string; crmId?: string; drift: string }>; errors?: Array<{ referralId?: string; crmId?: string; message: string }>; crmCalls?: number; crmWriteCalls?: number }

export async function runReconcileCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CommandIo): Promise<number> {
  const args = parseArgs(argv);
  if ('error' in args) { io.err(args.error); io.err(USAGE); return 2; }
  if (args.help) { io.out(USAGE); return 0; }

  let config: AppConfig;
  try {
    // Headless: any free port, no workers (so no webhook registration and no queue work), quiet logs.
    config = loadConfig({ ...env, PORT: '0', PIPELINE_CONCURRENCY: '0', LOG_LEVEL: env.LOG_LEVEL ?? 'warn' });
  } catch (err) {
    if (err instanceof ConfigError) { io.err(err.message); return 2; }
    throw err;
  }
  for (const note of notes(config)) io.err(note);

  let product: RunningProduct | undefined;
  try {
    product = await startProduct(config, { logger: createLogger({ level: config.env.LOG_LEVEL, destination: io.log }) });
    const sync = product.crmSync;
    if (sync === undefined) { io.err('No CRM is configured (CRM=none): there is nothing to reconcile.'); return 2; }
    const tenantId = crmTenantOf(config, (t) => sync.syncs(t));
    if (tenantId === undefined) { io.err('Could not tell which partner tenant the CRM sync serves.'); return 2; }

    const started = await sync.startReconciliation(tenantId, { dryRun: args.dryRun, kind: args.kind });
    const done = sync.reconciler.wait(started.id);
    if (done === undefined) { io.err(`Run ${started.id} did not start in this process.`); return 1; }
    if (started.total === 0) io.err('Note: the referral mirror in this store is empty. Point DATA_DIR (or DATABASE_URL) at the store of the API, which fills the mirror.');
    const progress = createRunProgress(started, { out: (line) => io.out(line), ...(io.tty !== undefined ? { tty: io.tty } : {}) });
    const storage = product.storage;
    const timer = setInterval(() => {
      void storage.syncRuns.get(tenantId, started.id).then((run) => { if (run !== undefined && run.status === 'running') progress.update(run); }, () => undefined);
    }, POLL_MS);
    let run: SyncRun;
    try {
      run = await done;
    } finally {
      clearInterval(timer);
    }
    progress.stop(run);
    for (const line of summary(run)) io.out(line);
    for (const line of problems(run)) io.err(line);
    return run.status === 'completed' && run.failed === 0 ? 0 : 1;
  } catch (err) {
    io.err(`Reconciliation could not run: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await product?.close();
  }
}

function parseArgs(argv: readonly string[]): Args | { error: string } {
  const args: Args = { dryRun: false, kind: 'reconcile', help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dry-run') args.dryRun = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--kind') {
      const kind = argv[++i];
      if (kind !== 'reconcile' && kind !== 'backfill') return { error: `--kind takes reconcile or backfill, not ${JSON.stringify(kind ?? '')}` };
      args.kind = kind;
    } else return { error: `Unknown argument: ${String(arg)}` };
  }
  return args;
}

/** What a person should know before trusting the numbers; never prints a secret (DATABASE_URL included). */
function notes(config: AppConfig): string[] {
  const { env } = config;
  const lines: string[] = [];
  if (config.mode === 'sandbox' && env.SANDBOX_URL === undefined) {
    lines.push('Note: SANDBOX_URL is not set, so this process starts its own in-process sandbox, whose Partner Center and Salesforce');
    lines.push('      are not the ones your API uses and whose store is empty: nothing there to reconcile. Start `npm run sandbox`,');
    lines.push('      run the API with SANDBOX_URL=<its URL> and DATA_DIR=<dir>, then run this with the same SANDBOX_URL and DATA_DIR.');
  }
  lines.push(`Store: ${env.DATABASE_URL !== undefined ? 'PostgreSQL (DATABASE_URL)' : `SQLite under ${env.DATA_DIR ?? (config.mode === 'sandbox' && env.SANDBOX_URL === undefined ? 'a temporary directory' : '.data')}`}.`);
  return lines;
}

/** The partner tenant whose CRM the product syncs: the same candidates compose.ts draws it from, checked against the sync itself. */
function crmTenantOf(config: AppConfig, syncs: (tenantId: string) => boolean): string | undefined {
  const candidates = [config.partnerCenter?.tenantId, ...csv(config.env.AUTH_TENANT_IDS), sandboxIdentityDefaults().tenantId];
  return candidates.find((t): t is string => t !== undefined && syncs(t));
}

function reportOf(run: SyncRun): Report {
  try { return JSON.parse(run.report) as Report; } catch { return {}; }
}

function summary(run: SyncRun): string[] {
  const r = reportOf(run);
  const calls = r.crmCalls !== undefined ? `; CRM calls ${r.crmCalls} (writes ${r.crmWriteCalls ?? 0})` : '';
  const lines = [`${label(run)} ${run.status}: processed ${run.processed}, drifted ${run.drifted}, repaired ${run.repaired}, failed ${run.failed}${calls}. Run ${run.id}.`];
  for (const s of (r.samples ?? []).slice(0, SHOWN_SAMPLES)) lines.push(`  drift: ${[s.referralId && `referral ${s.referralId}`, s.crmId && `record ${s.crmId}`].filter(Boolean).join(', ')}: ${s.drift}`);
  const more = (r.samples?.length ?? 0) - SHOWN_SAMPLES;
  if (more > 0) lines.push(`  … ${more} more in the run's report (GET /v1/reconciliations/${run.id}).`);
  return lines;
}

function problems(run: SyncRun): string[] {
  return (reportOf(run).errors ?? []).slice(0, SHOWN_SAMPLES).map((e) => `error: ${[e.referralId && `referral ${e.referralId}`, e.crmId && `record ${e.crmId}`].filter(Boolean).join(', ') || 'run'}: ${e.message}`);
}
