/**
 * Entry point: `node dist/api/salesforce/metadata/deploy-command.js [--dry-run | --check]`
 * (wired as `npm run salesforce:deploy`). See run-deploy-command.ts for what it does.
 */
import { runDeployCommand } from './run-deploy-command.js';

const io = {
  out: (line: string): void => { process.stdout.write(`${line}\n`); },
  err: (line: string): void => { process.stderr.write(`${line}\n`); },
};

process.exitCode = await runDeployCommand(process.argv.slice(2), process.env, io);
