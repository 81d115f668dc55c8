/**
 * Where deliveries may go. Power Automate's callback URLs are always https; plain http is allowed only
 * to this machine, and only when the sandbox or a test asks for it.
 */
export interface CallbackUrlPolicy {
  allowLoopbackHttp: boolean;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Why the URL may not receive deliveries, or undefined when it may. */
export function callbackUrlProblem(value: string, policy: CallbackUrlPolicy): string | undefined {
  let url: URL;
  try { url = new URL(value); } catch { return 'the callback URL is not an absolute URL'; }
  if (url.username !== '' || url.password !== '') return 'the callback URL must not carry credentials';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && policy.allowLoopbackHttp && isLoopback(url.hostname)) return undefined;
  return policy.allowLoopbackHttp ? 'the callback URL must be https (or http to a loopback host)' : 'the callback URL must be https';
}
