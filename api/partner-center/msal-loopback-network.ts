import { AuthError, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * An MSAL network module that sends MSAL's https requests to another URL with fetch: the documented offline
 * technique (crm-apis.md §5.3) for running the real msal-node against the sandbox identity provider.
 * Plain http is allowed only to a loopback address, so a client secret never crosses a network in clear text.
 */
export function createLoopbackNetworkClient(rewrite: (url: string) => string): INetworkModule {
  async function send<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions, timeoutMs?: number): Promise<NetworkResponse<T>> {
    const target = new URL(rewrite(url));
    if (target.protocol !== 'https:' && !(target.protocol === 'http:' && LOOPBACK_HOSTS.has(target.hostname))) {
      throw new AuthError('network_error', 'Refusing to send an identity request over plain http to a non-loopback host.');
    }
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers: options?.headers ?? {},
        redirect: 'manual',
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
        ...(timeoutMs !== undefined ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
      });
    } catch (err) {
      // fetch's messages name the host and the failure, never the request body (which holds the secret).
      throw new AuthError('network_error', `Network request failed: ${err instanceof Error ? err.message : 'unknown'}`);
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    let body: T;
    try {
      body = (await response.json()) as T;
    } catch {
      throw new AuthError('token_parsing_error', `Failed to parse the identity provider's response (HTTP ${response.status}).`);
    }
    return { headers, body, status: response.status };
  }

  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) => send<T>('GET', url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>('POST', url, options),
  };
}
