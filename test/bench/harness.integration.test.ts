import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { evaluate } from '../../bench/figures.js';
import { runBenchmark, type Benchmark } from '../../bench/harness.js';
import { distribution, percentile } from '../../bench/percentiles.js';
import { INDEX_FILE, isBenchResult, readResults, RESULT_SCHEMA, writeIndex, writeResult } from '../../bench/results.js';
import { loadSettings, SettingsError, type LoadSettings } from '../../bench/settings.js';
import type { BareExpressInit } from '../../bench/targets/bare-express.js';
import { TARGET_SCRIPTS } from '../../bench/targets/scripts.js';

// Smoke test of the harness pieces with a handful of requests. It never asserts on speed: that is `npm run bench`'s job.
const TINY: LoadSettings = { durationS: 10, warmupS: 0, connections: 2, maxRequests: 20, timeoutS: 5 };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('bench harness (smoke)', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.equal(percentile(sorted, 50), 5);
    assert.equal(percentile(sorted, 99), 10);
    assert.equal(percentile(sorted, 0), 1);
    assert.ok(Number.isNaN(percentile([], 50)));
    assert.deepEqual(distribution([3, 1, 2]), { count: 3, min: 1, mean: 2, p50: 2, p90: 3, p99: 3, max: 3 });
  });

  it('judges targets against the baseline, and a missing figure fails its target', () => {
    const base = { id: 't', label: 'T', unit: 'req/s', better: 'higher' as const };
    assert.equal(evaluate({ ...base, value: 60, baseline: 100, target: { kind: 'ratio-at-least', value: 0.5 } }).verdict, 'PASS');
    assert.equal(evaluate({ ...base, value: 40, baseline: 100, target: { kind: 'ratio-at-least', value: 0.5 } }).verdict, 'FAIL');
    assert.equal(evaluate({ ...base, value: Number.NaN, baseline: 100, target: { kind: 'ratio-at-least', value: 0.5 } }).verdict, 'FAIL');
    assert.equal(evaluate({ ...base, value: 3, baseline: 0, target: { kind: 'at-most', value: 0 } }).verdict, 'FAIL');
    const plain = evaluate({ ...base, value: 2, baseline: 4, target: null });
    assert.equal(plain.verdict, null);
    assert.equal(plain.ratio, 0.5);
  });

  it('reads bounded settings from the environment', () => {
    assert.equal(loadSettings({}).durationS, 10);
    assert.equal(loadSettings({ BENCH_DURATION_S: '2.5', BENCH_CONNECTIONS: '4' }).durationS, 2.5);
    assert.throws(() => loadSettings({ BENCH_DURATION_S: 'ten' }), SettingsError);
    assert.throws(() => loadSettings({ BENCH_DURATION_S: '100000' }), SettingsError);
    assert.throws(() => loadSettings({ BENCH_CONNECTIONS: '1.5' }), SettingsError);
    assert.throws(() => loadSettings({ BENCH_CONNECTIONS: '10', BENCH_MAX_REQUESTS: '5' }), SettingsError);
  });

  describe('a tiny run', () => {
    let dir: string;
    let pids: number[];

    before(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'bench-smoke-')); });
    after(async () => { await rm(dir, { recursive: true, force: true }); });
    beforeEach(() => { pids = []; });

    const tiny: Benchmark = {
      name: 'tiny',
      title: 'Tiny',
      description: 'A bare handler beside itself.',
      async run(ctx) {
        const init: BareExpressInit = { path: '/items', body: { value: [1, 2, 3] } };
        const target = await ctx.startTarget('bare', TARGET_SCRIPTS.bareExpress, init);
        pids.push(target.pid);
        const m = await ctx.measure(target, { url: `${target.url}/items` });
        return {
          subject: 'bare handler',
          baseline: 'the same run',
          figures: [
            { id: 'throughput', label: 'Throughput', unit: 'req/s', better: 'higher', value: m.load.requestsPerSecond, baseline: m.load.requestsPerSecond, target: { kind: 'ratio-at-least', value: 0.5 } },
            { id: 'latency-p99', label: 'Latency p99', unit: 'ms', better: 'lower', value: m.load.latencyMs.p99, baseline: m.load.latencyMs.p99, target: null },
            { id: 'impossible', label: 'Impossible', unit: 'requests', better: 'lower', value: m.load.responses2xx, baseline: 0, target: { kind: 'at-most', value: 0 } },
          ],
          settings: { note: 'smoke' },
          details: { measurement: m },
        };
      },
    };

    it('measures a bounded number of requests, stops its target and writes well-formed JSON and Markdown', async () => {
      const result = await runBenchmark(tiny, TINY);
      assert.equal(pids.length, 1);
      assert.equal(alive(pids[0]!), false, 'target process still running after the benchmark');

      const m = (result.details['measurement'] as { load: { responses2xx: number; errors: number; non2xx: number; requestsPerSecond: number; latencyMs: { count: number } }; memory: { peakRssBytes: number } });
      assert.equal(m.load.responses2xx, TINY.maxRequests);
      assert.equal(m.load.errors + m.load.non2xx, 0);
      assert.equal(m.load.latencyMs.count, TINY.maxRequests);
      assert.ok(m.load.requestsPerSecond > 0);
      assert.ok(m.memory.peakRssBytes > 0);

      assert.equal(result.targetsMet, false, 'the impossible target should fail without failing the run');
      assert.deepEqual(result.figures.map((f) => f.verdict), ['PASS', null, 'FAIL']);
      assert.equal(result.settings['connections'], TINY.connections);
      assert.equal(result.settings['note'], 'smoke');

      const file = await writeResult(dir, result);
      assert.equal(path.basename(file), 'tiny.json');
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
      assert.ok(isBenchResult(parsed));
      assert.equal(parsed.schema, RESULT_SCHEMA);
      assert.equal(parsed.benchmark, 'tiny');
      assert.equal(typeof parsed.machine.node, 'string');
      assert.ok(parsed.machine.cpuCount >= 1);
      assert.ok(!Number.isNaN(Date.parse(parsed.startedAt)) && !Number.isNaN(Date.parse(parsed.finishedAt)));
      for (const f of parsed.figures) assert.ok(f.value === null || Number.isFinite(f.value));

      const index = await writeIndex(dir);
      assert.equal(path.basename(index), INDEX_FILE);
      const md = await readFile(index, 'utf8');
      assert.match(md, /^## tiny: Tiny$/m);
      assert.match(md, /^\| Figure \| Measured \| Baseline \| Ratio \| Target \| Result \|$/m);
      assert.match(md, /^\| Throughput \(req\/s\) \|.*\| 1\.00× \| ≥ 0\.5× baseline \| PASS \|$/m);
      assert.match(md, /^\| Latency p99 \(ms\) \|.*\| — \|$/m);
      assert.match(md, /^\| Impossible \(requests\) \|.*\| \*\*FAIL\*\* \|$/m);
      assert.deepEqual((await readResults(dir)).results.map((r) => r.benchmark), ['tiny']);
    });

    it('stops its targets and rethrows when a benchmark fails', async () => {
      const broken: Benchmark = {
        ...tiny,
        async run(ctx) {
          const target = await ctx.startTarget('bare', TARGET_SCRIPTS.bareExpress, { path: '/', body: {} });
          pids.push(target.pid);
          throw new Error('boom');
        },
      };
      await assert.rejects(runBenchmark(broken, TINY), /boom/);
      assert.equal(alive(pids[0]!), false);
    });

    it('refuses to load anything but loopback', async () => {
      const remote: Benchmark = {
        ...tiny,
        async run(ctx) {
          const target = await ctx.startTarget('bare', TARGET_SCRIPTS.bareExpress, { path: '/', body: {} });
          pids.push(target.pid);
          await ctx.measure(target, { url: 'http://192.0.2.1/' });
          throw new Error('unreachable');
        },
      };
      await assert.rejects(runBenchmark(remote, TINY), /loopback/);
      assert.equal(alive(pids[0]!), false);
    });
  });
});
