import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '../../sandbox/index.js';
import { loadConfig } from '../../api/config/load.js';
import { startProduct, type RunningProduct, type StartOptions } from '../../api/compose.js';
import type { Clock } from '../../api/domain/clock.js';
import { silentLogger } from '../../api/logging/logger.js';

export interface TestProduct {
  url: string;
  product: RunningProduct;
  sandbox: Sandbox;
  /** Backoff waits the Partner Center client asked for (recorded instead of slept). */
  sleeps: number[];
  token(client?: 'writer' | 'reader'): Promise<string>;
  close(): Promise<void>;
}

/** The whole product in sandbox mode on a free port, with backoff sleeps recorded rather than slept. */
export async function startTestProduct(env: Record<string, string> = {}, options: { clock?: Clock; pipeline?: StartOptions['pipeline'] } = {}): Promise<TestProduct> {
  // A fresh embedded store per product; no workers unless a test asks for them, so what a test puts
  // straight into the emulator is not also raced by webhook deliveries.
  const dataDir = mkdtempSync(join(tmpdir(), 'cosell-test-'));
  const config = loadConfig({ PORT: '0', SANDBOX_SEED_REFERRALS: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir, PIPELINE_CONCURRENCY: '0', CRM: 'none', ...env });
  const sleeps: number[] = [];
  const product = await startProduct(config, {
    logger: silentLogger(),
    sleep: (ms) => { sleeps.push(ms); return Promise.resolve(); },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.pipeline ? { pipeline: options.pipeline } : {}),
  });
  const sandbox = product.sandbox!;
  const cache = new Map<string, string>();
  return {
    url: product.url,
    product,
    sandbox,
    sleeps,
    async token(client = 'writer') {
      const cached = cache.get(client);
      if (cached) return cached;
      const d = sandbox.defaults;
      const [id, secret] = client === 'writer' ? [d.clientId, d.clientSecret] : [d.readOnlyClientId, d.readOnlyClientSecret];
      const res = await fetch(`${product.url}/sandbox/identity/${d.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret, scope: d.apiScope }),
      });
      if (!res.ok) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
      const token = ((await res.json()) as { access_token: string }).access_token;
      cache.set(client, token);
      return token;
    },
    close: async () => {
      await product.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
