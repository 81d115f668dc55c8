/**
 * The process the crash test kills: a webhook intake (POST /events → acceptDelivery → 200) and the
 * pipeline's workers, on the store and Partner Center emulator the parent names. Nothing here shuts
 * down gracefully on purpose: the parent ends it with SIGKILL.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { silentLogger } from '../../api/logging/logger.js';
import { startPipeline } from '../../api/pipeline/index.js';
import { acceptDelivery } from '../../api/pipeline/inbox-intake.js';
import type { PipelineOptions } from '../../api/pipeline/options.js';
import { dedupeKeyOf, parsePartnerCenterEvent } from '../../api/webhooks/index.js';
import { openAt, type StorageLocation } from './helpers/backends.js';
import { partnerCenterReader } from './helpers/partner-center.js';

export interface CrashChildInit {
  location: StorageLocation;
  partnerCenterUrl: string;
  tenantId: string;
  workerId: string;
  options: Partial<PipelineOptions>;
}

export type CrashChildMessage = { type: 'ready'; url: string } | { type: 'failed'; message: string };

async function main(init: CrashChildInit): Promise<string> {
  const storage = await openAt(init.location);
  const { reader } = partnerCenterReader(init.partnerCenterUrl, 3);
  const pipeline = startPipeline({ storage, referrals: reader, logger: silentLogger(), workerId: init.workerId, options: init.options });
  const app = express();
  app.post('/events', express.raw({ type: '*/*' }), async (req, res) => {
    // What the webhook receiver does once the signature verified (the parent sends unsigned events).
    const raw = req.body as Buffer;
    const rawBody = raw.toString('utf8');
    const event = parsePartnerCenterEvent(rawBody);
    const accepted = await acceptDelivery(storage, {
      tenantId: init.tenantId, eventName: event.eventName, resourceId: event.resourceId, resourceChangeAt: event.resourceChangeUtcDate, rawBody, dedupeKey: dedupeKeyOf(raw),
    }, undefined, { notify: () => pipeline.notify() });
    res.json(accepted);
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

if (!process.send) throw new Error('crash-child must be forked with an IPC channel');
process.on('disconnect', () => process.exit(0));
process.once('message', (init: CrashChildInit) => {
  main(init).then(
    (url) => process.send!({ type: 'ready', url } satisfies CrashChildMessage),
    (err: unknown) => process.send!({ type: 'failed', message: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies CrashChildMessage),
  );
});
