/** Salesforce through jsforce: the CRM port's adapter. */
import { systemClock } from '../domain/clock.js';
import type { SalesforceGatewayOptions } from './config.js';
import { createConnection } from './connection.js';
import { domainError } from './errors.js';
import { SalesforceGateway } from './gateway.js';
import { FailedCall, realSleep, withRetry, type RetryPolicy } from './retry.js';
import { UsageCounter } from './usage.js';

export { SalesforceGateway } from './gateway.js';
export { DEFAULT_SALESFORCE_API_VERSION, type SalesforceAuth, type SalesforceGatewayOptions, type SalesforceRetryOptions } from './config.js';

/**
 * Logs in (client credentials or JWT bearer) and returns the gateway. Bad credentials are a
 * CrmConfigurationError; an unreachable org, after the retries, a CrmUnavailableError.
 */
export async function createSalesforceGateway(options: SalesforceGatewayOptions): Promise<SalesforceGateway> {
  const usage = new UsageCounter();
  const session = createConnection(options, usage);
  const policy: RetryPolicy = {
    ...options.retry,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  };
  try {
    await withRetry('logging in', policy, true, session.authorize, session.explain);
  } catch (err) {
    throw err instanceof FailedCall ? domainError(err.error, 'logging in', err.seen) : err;
  }
  return new SalesforceGateway(session, policy, usage, options.clock ?? systemClock);
}
