/** The shared reference samples (beside the repository) and the documented signed POST, parsed. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, here.includes('/dist/') ? '../../../..' : '../../..');
export const SAMPLES_DIR = join(repoRoot, '..', 'shared', 'reference', 'samples');

export function sampleText(name: string): string {
  return readFileSync(join(SAMPLES_DIR, name), 'utf8');
}

export function sampleJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(sampleText(name)) as T;
}

export interface HttpMessage {
  requestLine: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

/** Splits an .http sample into request line, headers and body (LF or CRLF). */
export function parseHttpSample(text: string): HttpMessage {
  const normalized = text.replace(/\r\n/g, '\n');
  const split = normalized.indexOf('\n\n');
  const head = split < 0 ? normalized : normalized.slice(0, split);
  const body = split < 0 ? '' : normalized.slice(split + 2);
  const [requestLine = '', ...lines] = head.split('\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return { requestLine, headers, body };
}
