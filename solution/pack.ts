import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findRepositoryRoot } from '../scripts/connector-validate/connector-documents.js';
import { loadSources, solutionEntries, solutionModel, zipEntries, zipFileName } from './build-solution.js';
import { CRMS } from './documented-flows.js';

// npm run solution:pack [-- --out <folder>]
// Writes the unmanaged and managed solution zips for Salesforce and Dynamics 365 to dist/solution/.
// The flows are checked first; a finding stops the build before anything is written.

export interface PackResult {
  readonly files: string[];
  readonly notes: string[];
}

export function pack(root: string, outFolder: string): PackResult {
  const sources = loadSources(root);
  const notes: string[] = [];
  const crm = sources.crmComponents.dynamics365;
  notes.push(crm
    ? `Dynamics 365 tables and columns from crm-packages/dynamics365/${crm.source} (${crm.rootComponents.length} root components).`
    : 'crm-packages/dynamics365 has no Customizations.xml: the Dynamics 365 solution is built without the co-sell columns and the Microsoft Partner Center Solutions table.');
  const files: string[] = [];
  const outputs: Array<[string, Uint8Array]> = [];
  for (const c of CRMS) {
    for (const managed of [false, true]) {
      const model = solutionModel(sources, c, managed);
      outputs.push([join(outFolder, zipFileName(model)), zipEntries(solutionEntries(model))]);
    }
  }
  mkdirSync(outFolder, { recursive: true });
  for (const [path, bytes] of outputs) {
    writeFileSync(path, bytes);
    files.push(path);
  }
  return { files, notes };
}

export function main(argv: string[] = process.argv.slice(2)): void {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } } });
  const root = findRepositoryRoot(fileURLToPath(new URL('.', import.meta.url)));
  const result = pack(root, values.out ?? join(root, 'dist', 'solution'));
  for (const note of result.notes) process.stdout.write(`${note}\n`);
  for (const file of result.files) process.stdout.write(`wrote ${file}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
