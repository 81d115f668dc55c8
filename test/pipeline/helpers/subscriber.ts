import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { verifyStandardWebhook } from '../../../api/pipeline/standard-webhooks.js';
import type { TriggerPayload } from '../../../api/pipeline/trigger-payload.js';

export interface ReceivedDelivery {
  /** The subscriber path it arrived on (one per subscription). */
  path: string;
  webhookId: string;
  timestamp: number;
  /** Whether the Standard Webhooks signature verified with the secret registered for the path. */
  signatureValid: boolean;
  payload: TriggerPayload;
}

export interface Subscriber {
  url: string;
  received: ReceivedDelivery[];
  /** The secret deliveries on `path` are signed with. */
  secrets: Map<string, string>;
  /** The status `path` answers with (default 204). */
  answers: Map<string, number>;
  /** Resolves once `predicate` holds for what was received (checked on every arrival). */
  until(predicate: (received: ReceivedDelivery[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A trigger subscriber as a tiny Express app on 127.0.0.1 that records and verifies every delivery. */
export async function startSubscriber(): Promise<Subscriber> {
  const received: ReceivedDelivery[] = [];
  const secrets = new Map<string, string>();
  const answers = new Map<string, number>();
  const watchers = new Set<() => void>();
  const app = express();
  app.post('/{*path}', express.raw({ type: '*/*', limit: '5mb' }), (req, res) => {
    const body = req.body as Buffer;
    const secret = secrets.get(req.path);
    let signatureValid = false;
    if (secret !== undefined) {
      try {
        verifyStandardWebhook(secret, req.headers, body);
        signatureValid = true;
      } catch {
        signatureValid = false;
      }
    }
    received.push({
      path: req.path,
      webhookId: String(req.headers['webhook-id']),
      timestamp: Number(req.headers['webhook-timestamp']),
      signatureValid,
      payload: JSON.parse(body.toString('utf8')) as TriggerPayload,
    });
    res.status(answers.get(req.path) ?? 204).end();
    for (const w of [...watchers]) w();
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    secrets,
    answers,
    until(predicate, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!predicate(received)) return;
          clearTimeout(timer);
          watchers.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`the subscriber did not see what was expected within ${timeoutMs} ms (got ${received.length} deliveries)`));
        }, timeoutMs);
        watchers.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
}
