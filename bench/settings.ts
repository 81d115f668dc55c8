/** Load settings shared by every HTTP benchmark, read once from the environment. */
export interface LoadSettings {
  /** Measured phase, seconds (BENCH_DURATION_S). */
  durationS: number;
  /** Unmeasured warm-up before it, seconds (BENCH_WARMUP_S); lets V8 optimise and caches fill. */
  warmupS: number;
  /** Concurrent keep-alive connections (BENCH_CONNECTIONS). */
  connections: number;
  /** Hard cap on responses per phase (BENCH_MAX_REQUESTS): loops are bounded in count as well as time. */
  maxRequests: number;
  /** Per-request timeout, seconds. */
  timeoutS: number;
}

export const DEFAULT_SETTINGS: LoadSettings = { durationS: 10, warmupS: 3, connections: 10, maxRequests: 1_000_000, timeoutS: 10 };

/** Upper bounds, so a typo cannot turn a benchmark into a soak test on a shared 2-core machine. */
const LIMITS = { durationS: 300, warmupS: 60, connections: 256, maxRequests: 10_000_000 } as const;

export class SettingsError extends Error {
  override name = 'SettingsError';
}

function read(env: Record<string, string | undefined>, key: string, fallback: number, min: number, max: number, integer: boolean): number {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new SettingsError(`${key} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

export function loadSettings(env: Record<string, string | undefined> = process.env): LoadSettings {
  const settings: LoadSettings = {
    durationS: read(env, 'BENCH_DURATION_S', DEFAULT_SETTINGS.durationS, 1, LIMITS.durationS, false),
    warmupS: read(env, 'BENCH_WARMUP_S', DEFAULT_SETTINGS.warmupS, 0, LIMITS.warmupS, false),
    connections: read(env, 'BENCH_CONNECTIONS', DEFAULT_SETTINGS.connections, 1, LIMITS.connections, true),
    maxRequests: read(env, 'BENCH_MAX_REQUESTS', DEFAULT_SETTINGS.maxRequests, 1, LIMITS.maxRequests, true),
    timeoutS: DEFAULT_SETTINGS.timeoutS,
  };
  if (settings.maxRequests < settings.connections) {
    throw new SettingsError(`BENCH_MAX_REQUESTS (${settings.maxRequests}) must be at least BENCH_CONNECTIONS (${settings.connections})`);
  }
  return settings;
}
