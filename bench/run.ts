import { BENCHMARKS } from './benchmarks.js';
import { runBenchmark } from './harness.js';
import { RESULTS_DIR } from './paths.js';
import { renderSection, writeIndex, writeResult } from './results.js';
import { loadSettings } from './settings.js';

/**
 * `npm run bench [-- <name>...]`: runs all benchmarks, or those named, writes bench/results/<name>.json and
 * regenerates bench/results/README.md. Exit code 1 if any benchmark could not be measured, 2 on bad usage;
 * a missed target is reported as FAIL and still exits 0.
 */
async function main(argv: string[]): Promise<number> {
  const log = (message: string) => process.stderr.write(`${message}\n`);
  if (argv.includes('--help') || argv.includes('-h') || argv.includes('--list')) {
    process.stdout.write(`usage: npm run bench [-- <benchmark>...]\nbenchmarks:\n${BENCHMARKS.map((b) => `  ${b.name.padEnd(16)}${b.title}`).join('\n')}\n`);
    return 0;
  }
  const unknown = argv.filter((name) => !BENCHMARKS.some((b) => b.name === name));
  if (unknown.length > 0) {
    log(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const selected = argv.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => argv.includes(b.name));
  const settings = loadSettings();

  let failures = 0;
  let written = 0;
  for (const benchmark of selected) {
    try {
      const result = await runBenchmark(benchmark, settings, log);
      const file = await writeResult(RESULTS_DIR, result);
      written += 1;
      process.stdout.write(`\n${renderSection(result)}\nwritten: ${file}\n`);
    } catch (err) {
      failures += 1;
      log(`${benchmark.name}: could not be measured: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  }
  if (written > 0) log(`written: ${await writeIndex(RESULTS_DIR)}`);
  return failures > 0 ? 1 : 0;
}

// Exit explicitly: keep-alive sockets or a stray timer must not keep a finished run alive.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
