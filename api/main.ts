import { ConfigError, loadConfig } from './config/load.js';
import { startProduct, type RunningProduct } from './compose.js';
import { createLogger } from './logging/logger.js';

function sandboxBanner(p: RunningProduct, clientId: string, clientSecret: string, scope: string): string {
  const token = `${p.url}/sandbox/identity/sandbox/oauth2/v2.0/token`;
  return [
    '',
    '  ┌──────────────────────────────────────────────────────────────────────────────┐',
    '  │  SANDBOX MODE: no Partner Center credentials are configured, so this server   │',
    '  │  runs against local emulators. Nothing here reaches Microsoft.                │',
    '  └──────────────────────────────────────────────────────────────────────────────┘',
    `  API               ${p.url}/v1   (docs: ${p.url}/docs)`,
    `  Partner Center    ${p.url}/sandbox/partner-center/v1.0/engagements/referrals`,
    `  Identity          ${p.url}/sandbox/identity  (tenant sandbox, client ${clientId})`,
    ...p.tenants.flatMap((t) => (t.crm === undefined ? [] : [
      t.crm === 'salesforce'
        ? `  Salesforce        ${p.url}/sandbox/salesforce  (tenant ${t.tenantId}; jsforce loginUrl; client sandbox-sf-client / sandbox-sf-secret)`
        : `  Dynamics 365      ${p.url}/sandbox/dataverse/api/data/v9.2  (tenant ${t.tenantId}; Dataverse Web API)`,
    ])),
    ...(p.crmSync !== undefined ? ['                    Referrals sync both ways: Partner Center → opportunities and leads; edits poll back.'] : []),
    '',
    '  Try it (gets a token, then lists five referrals):',
    '',
    `  TOKEN=$(curl -s -d grant_type=client_credentials -d client_id=${clientId} -d client_secret=${clientSecret} -d scope=${scope} ${token} | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token') && curl -s -H "Authorization: Bearer $TOKEN" '${p.url}/v1/referrals?top=5'`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`cosell-connector cannot start.\n${err.message}\nSee README.md (Configuration) and .env.example.\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.env.LOG_LEVEL });
  const product = await startProduct(config, { logger });
  if (config.mode === 'sandbox') {
    logger.warn({ mode: 'sandbox', url: product.url }, 'SANDBOX MODE: no Partner Center credentials configured; serving local emulators');
    process.stdout.write(sandboxBanner(product, config.env.SANDBOX_CLIENT_ID, config.env.SANDBOX_CLIENT_SECRET, config.env.SANDBOX_API_SCOPE) + '\n');
  } else {
    logger.info({ mode: 'live', url: product.url, partnerCenter: config.env.PARTNER_CENTER_API_URL }, 'cosell-connector started');
  }
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    product.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`cosell-connector failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
