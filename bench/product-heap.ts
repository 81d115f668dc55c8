import { readFileSync } from 'node:fs';

/**
 * The V8 heap budget the product ships with, read from `npm start` so the benchmarks measure the
 * product as it runs: a bounded old space makes the collector reclaim a backfill's garbage instead of
 * letting the heap grow to its default limit.
 */
const start = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
export const PRODUCT_HEAP_FLAG = /--max-old-space-size=\d+/.exec(start)?.[0] ?? '--max-old-space-size=192';
