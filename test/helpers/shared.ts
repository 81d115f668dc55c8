import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from dist/test/helpers/ or test/helpers/. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), fileURLToPath(import.meta.url).includes('/dist/') ? '../../..' : '../..');
/** The workplace's shared reference folder sits beside the repository. */
export const SAMPLES_DIR = join(REPO_ROOT, '..', 'shared', 'reference', 'samples');

export function readSample<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(SAMPLES_DIR, name), 'utf8')) as T;
}
