/**
 * Entry point: `node dist/api/cli/reconcile-command.js [--dry-run] [--kind backfill]`
 * (wired as `npm run reconcile`). See run-reconcile-command.ts for what it does.
 */
import { runReconcileCommand } from './run-reconcile-command.js';

const io = {
  out: (line: string): void => { process.stdout.write(`${line}\n`); },
  err: (line: string): void => { process.stderr.write(`${line}\n`); },
  ...(process.stdout.isTTY ? { tty: process.stdout } : {}),
  log: process.stderr,
};

process.exitCode = await runReconcileCommand(process.argv.slice(2), process.env, io);
