import { fileURLToPath } from 'node:url';

// This file runs compiled, from dist/bench/, so the repository root is two levels up.
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Committed results: one JSON file per benchmark plus the generated README.md table. */
export const RESULTS_DIR = process.env['BENCH_RESULTS_DIR'] ?? fileURLToPath(new URL('../../bench/results/', import.meta.url));
