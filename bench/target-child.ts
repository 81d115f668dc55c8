import type { FromTarget, MemoryReport, ToTarget } from './target-protocol.js';
import { RSS_SAMPLE_INTERVAL_MS } from './target-protocol.js';

export interface StartedServer {
  /** Loopback base URL, e.g. http://127.0.0.1:41234. */
  url: string;
  close(): Promise<void>;
}

function send(message: FromTarget): void {
  process.send!(message);
}

/**
 * Child side of a target process: waits for its init message, starts the server, samples RSS, answers
 * memory requests and stops on request. Runs alone in its process so its RSS and CPU are its own.
 */
export function serveTarget<I>(start: (init: I) => Promise<StartedServer>): void {
  if (!process.send) throw new Error('a bench target must be started by the harness (fork with an IPC channel)');
  // Never outlive the harness, whatever happens to it.
  process.on('disconnect', () => process.exit(0));

  let peak = 0;
  let samples = 0;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
    samples += 1;
  };
  sample();
  setInterval(sample, RSS_SAMPLE_INTERVAL_MS).unref();

  let server: StartedServer | undefined;
  process.on('message', (message: ToTarget) => {
    switch (message.type) {
      case 'init':
        start(message.init as I).then(
          (s) => { server = s; send({ type: 'ready', url: s.url }); },
          (err: unknown) => { send({ type: 'failed', message: err instanceof Error ? err.stack ?? err.message : String(err) }); },
        );
        break;
      case 'memory': {
        sample();
        const report: MemoryReport = { rssBytes: process.memoryUsage.rss(), peakRssBytes: peak, heapUsedBytes: process.memoryUsage().heapUsed, samples };
        peak = 0;
        samples = 0;
        send({ type: 'memory', id: message.id, report });
        break;
      }
      case 'stop':
        // Exit even if close fails or hangs on a lingering connection: the harness waits for the exit.
        setTimeout(() => process.exit(0), 5_000).unref();
        (server?.close() ?? Promise.resolve()).then(() => process.exit(0), () => process.exit(1));
        break;
    }
  });
}
