import { randomUUID } from 'node:crypto';

/** What every emulator's fault has: which requests it hits, how often, and what it does to them. */
export interface BaseFaultSpec {
  status?: number;
  latencyMs?: number;
  times?: number;
  /** HTTP method to match (case-insensitive); all methods when absent. */
  method?: string;
  /** Tested against the request path below the emulator mount. */
  pathPattern?: RegExp;
}

export type QueuedFault<S extends BaseFaultSpec> = S & { id: string; remaining: number };

/**
 * The per-test fault queue the emulators share: a fault is matched by method and path, serves `times`
 * requests (default 1), then disappears. Each emulator turns a taken fault into its own error shape.
 */
export class FaultQueue<S extends BaseFaultSpec> {
  private faults: Array<QueuedFault<S>> = [];

  /** Queues a fault (after the shared checks) and returns its id. */
  add(spec: S): string {
    validateBaseSpec(spec);
    const id = randomUUID();
    this.faults.push({ ...spec, id, remaining: spec.times ?? 1 });
    return id;
  }

  clear(): void {
    this.faults = [];
  }

  all(): ReadonlyArray<QueuedFault<S>> {
    return this.faults;
  }

  /** Consumes the first fault matching the request, if any. */
  take(method: string, path: string): QueuedFault<S> | undefined {
    const fault = this.faults.find((f) => (f.method === undefined || f.method.toUpperCase() === method.toUpperCase())
      && (f.pathPattern === undefined || matches(f.pathPattern, path)));
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}

function matches(pattern: RegExp, path: string): boolean {
  pattern.lastIndex = 0; // a /g or /y pattern is stateful
  return pattern.test(path);
}

export function validateBaseSpec(spec: BaseFaultSpec): void {
  const { status, latencyMs, times } = spec;
  if (status !== undefined && (!Number.isInteger(status) || status < 400 || status > 599)) throw new RangeError('status must be an HTTP error status (400-599).');
  if (latencyMs !== undefined && (!Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > 120_000)) throw new RangeError('latencyMs must be between 0 and 120000.');
  if (times !== undefined && (!Number.isInteger(times) || times < 1)) throw new RangeError('times must be a positive integer.');
  if (status === undefined && latencyMs === undefined) throw new RangeError('A fault needs a status, a latencyMs, or both.');
}

/**
 * Reads the JSON body of `POST {mount}/_faults` into a fault spec: the named number and string keys
 * (each emulator lists its own), and `pathPattern` as a regex source string.
 */
export function parseFaultBody<S extends BaseFaultSpec>(body: unknown, keys: { numbers: ReadonlyArray<keyof S & string>; strings: ReadonlyArray<keyof S & string> }): S {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new RangeError('The fault must be a JSON object.');
  const input = body as Record<string, unknown>;
  const spec: Record<string, unknown> = {};
  for (const [names, type] of [[keys.numbers, 'number'], [keys.strings, 'string']] as const) {
    for (const key of names) {
      const value = input[key];
      if (value === undefined || value === null) continue;
      if (typeof value !== type) throw new RangeError(`${key} must be a ${type}.`);
      spec[key] = value;
    }
  }
  if (typeof input.pathPattern === 'string') {
    try {
      spec.pathPattern = new RegExp(input.pathPattern);
    } catch {
      throw new RangeError('pathPattern is not a valid regular expression.');
    }
  }
  return spec as S;
}
