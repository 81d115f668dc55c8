import { fork, type ChildProcess } from 'node:child_process';
import { PRODUCT_HEAP_FLAG } from './product-heap.js';
import { fileURLToPath } from 'node:url';
import { assertLoopback } from './load.js';
import type { FromTarget, MemoryReport, ToTarget } from './target-protocol.js';

export interface RunningTarget {
  name: string;
  url: string;
  pid: number;
  /** Memory now and the peak RSS since the previous call (the first call covers start-up). */
  memory(): Promise<MemoryReport>;
  /** Asks the target to close its server and exit; kills it if it does not within the grace period. */
  stop(): Promise<void>;
}

export interface StartTargetOptions {
  /** Seeding 10,000 referrals takes a while on a slow machine; a hung start must still end. */
  readyTimeoutMs?: number;
  replyTimeoutMs?: number;
  stopGraceMs?: number;
}

/** Starts a target script (a compiled bench/targets/*.js calling serveTarget) in its own process. */
export async function startTarget(name: string, script: URL, init: unknown, options: StartTargetOptions = {}): Promise<RunningTarget> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const replyTimeoutMs = options.replyTimeoutMs ?? 10_000;
  const stopGraceMs = options.stopGraceMs ?? 10_000;
  // The product runs with the heap budget `npm start` gives it; emulators and baselines run with Node's defaults.
  const execArgv = /product/.test(fileURLToPath(script)) ? [PRODUCT_HEAP_FLAG] : [];
  const child = fork(fileURLToPath(script), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const post = (m: ToTarget) => { if (child.connected) child.send(m); };

  let url: string;
  try {
    url = await awaitMessage(child, exited, readyTimeoutMs, `${name} to start`, (m) => {
      if (m.type === 'ready') return m.url;
      if (m.type === 'failed') throw new Error(`${name} failed to start: ${m.message}`);
      return undefined;
    }, () => post({ type: 'init', init }));
    assertLoopback(url);
  } catch (err) {
    child.kill('SIGTERM');
    await reap(child, exited, stopGraceMs);
    throw err;
  }

  let nextId = 1;
  let stopping: Promise<void> | undefined;
  return {
    name,
    url,
    pid: child.pid!,
    memory() {
      const id = nextId++;
      return awaitMessage(child, exited, replyTimeoutMs, `${name} to report memory`, (m) => (m.type === 'memory' && m.id === id ? m.report : undefined), () => post({ type: 'memory', id }));
    },
    stop() {
      stopping ??= (async () => {
        post({ type: 'stop' });
        await reap(child, exited, stopGraceMs);
      })();
      return stopping;
    },
  };
}

/** Resolves with the first message `pick` maps to a value; rejects on timeout or if the child exits first. */
function awaitMessage<T>(child: ChildProcess, exited: Promise<number | null>, timeoutMs: number, what: string, pick: (m: FromTarget) => T | undefined, send: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = () => { clearTimeout(timer); child.off('message', onMessage); };
    const timer = setTimeout(() => { done(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
    const onMessage = (m: FromTarget) => {
      try {
        const value = pick(m);
        if (value !== undefined) { done(); resolve(value); }
      } catch (err) {
        done();
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    child.on('message', onMessage);
    void exited.then((code) => { done(); reject(new Error(`target exited (code ${code}) while waiting for ${what}`)); });
    send();
  });
}

/** Waits up to graceMs for the child to exit, then kills it. */
async function reap(child: ChildProcess, exited: Promise<number | null>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), graceMs); });
  const outcome = await Promise.race([exited, grace]);
  clearTimeout(timer);
  if (outcome === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
}
