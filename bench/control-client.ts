import { request } from 'node:http';
import { assertLoopback } from './load.js';

/**
 * One JSON request to a bench target's control route. node:http rather than fetch: a 100,000-referral
 * backfill answers after many minutes, beyond undici's fixed 300 s headers timeout.
 */
export function control<T>(baseUrl: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const url = new URL(path, `${baseUrl}/`);
  assertLoopback(url.href);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise<T>((resolve, reject) => {
    const req = request(url, { method, headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 204) { resolve(undefined as T); return; }
        if (res.statusCode !== 200) { reject(new Error(`${method} ${url.pathname} answered ${res.statusCode}: ${text.slice(0, 500)}`)); return; }
        try { resolve(JSON.parse(text) as T); } catch (err) { reject(err instanceof Error ? err : new Error(String(err))); }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
