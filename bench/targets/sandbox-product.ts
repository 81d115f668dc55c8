import { startProduct } from '../../api/compose.js';
import { loadConfig } from '../../api/config/load.js';
import { silentLogger } from '../../api/logging/logger.js';
import { serveTarget } from '../target-child.js';

/** The product's configuration, as environment variables; must select sandbox mode on a loopback host. */
export interface SandboxProductInit {
  env: Record<string, string>;
}

/** The whole product in sandbox mode: API, identity emulator and Partner Center emulator, in one process. */
serveTarget<SandboxProductInit>(async ({ env }) => {
  const config = loadConfig(env);
  if (config.mode !== 'sandbox') throw new Error('bench targets run the product in sandbox mode only');
  const product = await startProduct(config, { logger: silentLogger() });
  return { url: product.url, close: () => product.close() };
});
