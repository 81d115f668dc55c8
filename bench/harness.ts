import { evaluate, type Figure } from './figures.js';
import { runLoad, measuredPhase, warmUpPhase, type LoadSummary, type LoadTarget } from './load.js';
import { machineFacts } from './machine.js';
import { RESULT_SCHEMA, type BenchResult } from './results.js';
import type { LoadSettings } from './settings.js';
import { startTarget, type RunningTarget } from './target-process.js';
import type { MemoryReport } from './target-protocol.js';

export interface Measurement {
  /** The measured phase. */
  load: LoadSummary;
  /** The target's memory at the end of the measured phase, with its peak RSS during that phase. */
  memory: MemoryReport;
  /** Kept so a broken warm-up (all errors, say) is visible in the JSON. */
  warmUp: LoadSummary | null;
}

export interface BenchmarkContext {
  settings: LoadSettings;
  log(message: string): void;
  /** Starts a server in its own process; the harness stops it when the benchmark ends, even on error. */
  startTarget(name: string, script: URL, init: unknown): Promise<RunningTarget>;
  /** Unmeasured warm-up, then the measured phase, both with the same connections. */
  measure(target: RunningTarget, load: LoadTarget): Promise<Measurement>;
}

/** What a benchmark hands back; the harness adds machine facts, timing and verdicts. */
export interface BenchmarkReport {
  subject: string;
  baseline: string;
  figures: Figure[];
  /** Benchmark-specific settings, shown beside the load settings. */
  settings: Record<string, number | string | boolean>;
  details: Record<string, unknown>;
}

export interface Benchmark {
  /** CLI name and result file name, e.g. "api-list". */
  name: string;
  title: string;
  description: string;
  run(ctx: BenchmarkContext): Promise<BenchmarkReport>;
}

/**
 * Runs one benchmark and returns its result. Throws when the benchmark could not be measured (that is
 * an error, and the CLI exits non-zero); a missed target is only a FAIL verdict in the result.
 */
export async function runBenchmark(benchmark: Benchmark, settings: LoadSettings, log: (message: string) => void = () => {}): Promise<BenchResult> {
  const started: RunningTarget[] = [];
  const say = (message: string) => log(`${benchmark.name}: ${message}`);
  const ctx: BenchmarkContext = {
    settings,
    log: say,
    async startTarget(name, script, init) {
      say(`starting ${name}`);
      const target = await startTarget(name, script, init);
      started.push(target);
      return target;
    },
    async measure(target, load) {
      let warmUp: LoadSummary | null = null;
      if (settings.warmupS > 0) {
        say(`warming up ${target.name} for ${settings.warmupS} s`);
        warmUp = await runLoad(load, warmUpPhase(settings));
      }
      await target.memory(); // resets the peak, so the reported one covers the measured phase only
      say(`measuring ${target.name} for ${settings.durationS} s with ${settings.connections} connections`);
      const measured = await runLoad(load, measuredPhase(settings));
      const memory = await target.memory();
      say(`${target.name}: ${measured.requestsPerSecond.toFixed(0)} req/s, p99 ${measured.latencyMs.p99.toFixed(2)} ms, ${measured.errors + measured.non2xx} errors/non-2xx`);
      return { load: measured, memory, warmUp };
    },
  };

  const startedAt = new Date().toISOString();
  let report: BenchmarkReport;
  try {
    report = await benchmark.run(ctx);
  } finally {
    await Promise.allSettled(started.map((t) => t.stop()));
  }
  const figures = report.figures.map(evaluate);
  return {
    schema: RESULT_SCHEMA,
    benchmark: benchmark.name,
    title: benchmark.title,
    description: benchmark.description,
    subject: report.subject,
    baseline: report.baseline,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machineFacts(),
    settings: { ...settings, ...report.settings },
    figures,
    targetsMet: figures.every((f) => f.verdict !== 'FAIL'),
    details: report.details,
  };
}
