import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../api/config/load.js';
import type { Figure } from './figures.js';
import type { Benchmark, Measurement } from './harness.js';
import { getJson, sandboxApiToken } from './sandbox-api.js';
import type { BareExpressInit } from './targets/bare-express.js';
import type { SandboxProductInit } from './targets/sandbox-product.js';
import type { SandboxServerInit } from './targets/sandbox-server.js';
import { TARGET_SCRIPTS } from './targets/scripts.js';

const SEED_REFERRALS = 10_000;
const PAGE_SIZE = 100;
const PATH = '/v1/referrals';
/** The target: at least half the bare handler's throughput. */
const MIN_THROUGHPUT_RATIO = 0.5;

const MB = 1024 * 1024;

/** Lists come from the local mirror once its first fill from Partner Center is done; wait for that (GET /v1/status). */
async function waitForMirror(productUrl: string, headers: Record<string, string>): Promise<number> {
  const started = Date.now();
  for (;;) {
    const status = await getJson(`${productUrl}/v1/status`, headers) as { mirror?: { ready?: boolean; referrals?: number } };
    if (status.mirror?.ready === true && (status.mirror.referrals ?? 0) >= SEED_REFERRALS) return Date.now() - started;
    if (Date.now() - started > 120_000) throw new Error(`the referral mirror was not filled within 120 s: ${JSON.stringify(status.mirror)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The page the product serves; checked before loading so a broken product is an error, not a fast FAIL. */
function checkPage(page: unknown): { value: unknown[]; nextLink?: unknown } {
  const p = page as { value?: unknown; nextLink?: unknown };
  if (!Array.isArray(p.value) || p.value.length !== PAGE_SIZE) {
    throw new Error(`GET ${PATH}?top=${PAGE_SIZE} should return ${PAGE_SIZE} referrals, got ${Array.isArray(p.value) ? p.value.length : 'no value array'}`);
  }
  if (typeof p.nextLink !== 'string') throw new Error(`with ${SEED_REFERRALS} referrals the first page should have a nextLink`);
  return p as { value: unknown[]; nextLink?: unknown };
}

function figures(product: Measurement, bare: Measurement): Figure[] {
  const failed = (m: Measurement) => m.load.errors + m.load.non2xx;
  return [
    { id: 'throughput', label: 'Throughput', unit: 'req/s', better: 'higher', value: product.load.requestsPerSecond, baseline: bare.load.requestsPerSecond, target: { kind: 'ratio-at-least', value: MIN_THROUGHPUT_RATIO } },
    { id: 'latency-p50', label: 'Latency p50', unit: 'ms', better: 'lower', value: product.load.latencyMs.p50, baseline: bare.load.latencyMs.p50, target: null },
    { id: 'latency-p99', label: 'Latency p99', unit: 'ms', better: 'lower', value: product.load.latencyMs.p99, baseline: bare.load.latencyMs.p99, target: null },
    // Not from the issue: a run with failures measures error paths, so any failure marks the run FAIL.
    { id: 'failed-requests', label: 'Errors + non-2xx', unit: 'requests', better: 'lower', value: failed(product), baseline: failed(bare), target: { kind: 'at-most', value: 0 } },
    { id: 'peak-rss', label: 'Peak RSS under load', unit: 'MB', better: 'lower', value: product.memory.peakRssBytes / MB, baseline: bare.memory.peakRssBytes / MB, target: null },
  ];
}

export const apiList: Benchmark = {
  name: 'api-list',
  title: 'List referrals',
  description: `Throughput and latency of \`GET ${PATH}?top=${PAGE_SIZE}\` against the sandbox with ${SEED_REFERRALS.toLocaleString('en-US')} referrals, `
    + `beside a bare Express handler returning the same JSON. Target: at least ${MIN_THROUGHPUT_RATIO}× the bare handler's throughput.`,

  async run(ctx) {
    // Partner Center is a remote service in production: its emulator runs in its own process, so the
    // product's figures are the product's own work (auth, the upstream call, mapping, serialising).
    const sandboxInit: SandboxServerInit = { seedReferrals: SEED_REFERRALS };
    const sandbox = await ctx.startTarget('sandbox', TARGET_SCRIPTS.sandboxServer, sandboxInit);
    const dataDir = mkdtempSync(join(tmpdir(), 'cosell-bench-'));
    const env = { PORT: '0', HOST: '127.0.0.1', SANDBOX_URL: `${sandbox.url}/sandbox`, LOG_LEVEL: 'silent', DATA_DIR: dataDir };
    const config = loadConfig(env);
    const init: SandboxProductInit = { env };
    const product = await ctx.startTarget('product', TARGET_SCRIPTS.sandboxProduct, init);
    const headers = { authorization: `Bearer ${await sandboxApiToken(sandbox.url, config)}` };
    const url = `${product.url}${PATH}?top=${PAGE_SIZE}`;
    const mirrorFillMs = await waitForMirror(product.url, headers);
    const page = checkPage(await getJson(url, headers));
    // The path per request: bearer check, validation, a page from the local referral mirror (the embedded store).
    const measuredProduct = await ctx.measure(product, { url, headers });
    await product.stop();
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });

    const bareInit: BareExpressInit = { path: PATH, body: page };
    const bare = await ctx.startTarget('bare express', TARGET_SCRIPTS.bareExpress, bareInit);
    const bareUrl = `${bare.url}${PATH}?top=${PAGE_SIZE}`;
    checkPage(await getJson(bareUrl));
    const measuredBare = await ctx.measure(bare, { url: bareUrl });
    await bare.stop();

    return {
      subject: `the API in sandbox mode (embedded store), lists served from its referral mirror once filled from the Partner Center emulator, which runs in a process of its own (SANDBOX_URL); GET ${PATH}?top=${PAGE_SIZE} with a bearer token`,
      baseline: `a default Express app in its own process whose only route, GET ${PATH}, answers res.json(<the same page>) without auth`,
      figures: figures(measuredProduct, measuredBare),
      settings: { seedReferrals: SEED_REFERRALS, pageSize: PAGE_SIZE },
      details: {
        mirrorFillMs,
        pageJsonBytes: Buffer.byteLength(JSON.stringify(page)),
        product: measuredProduct,
        baseline: measuredBare,
      },
    };
  },
};
