import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { silentLogger } from '../../api/logging/logger.js';
import { acceptDelivery } from '../../api/pipeline/inbox-intake.js';
import { openStorage } from '../../api/storage/index.js';
import { CertificateCache, partnerCenterWebhookRouter, signatureVerifier } from '../../api/webhooks/index.js';
import { serveTarget } from '../target-child.js';

export interface WebhookReceiverInit {
  /** Embedded store under dataDir, or PostgreSQL (databaseUrl + a throwaway schema). */
  storage: { dataDir: string; databaseUrl?: string; schema?: string };
  /** The signing certificate (DER, base64) the receiver trusts, "downloaded" from certificateHost. */
  certificateDerBase64: string;
  certificateHost: string;
}

/**
 * The product's webhook intake alone: the real receiver router (raw body, Partner Center signature
 * verification with the certificate cache and policy, event parsing) handing each delivery to
 * acceptDelivery on real storage, answering 200 once it is stored. Workers are not started here: this
 * is an API-only process (PIPELINE_WORKERS=0), so the figures are the cost of a durable acknowledgement.
 * The certificate is served from memory instead of over https (downloaded once per run in the product anyway).
 */
serveTarget<WebhookReceiverInit>(async (init) => {
  const storage = await openStorage({ dataDir: init.storage.dataDir, databaseUrl: init.storage.databaseUrl, schema: init.storage.schema });
  const certificate = Buffer.from(init.certificateDerBase64, 'base64');
  const verifier = signatureVerifier(new CertificateCache({ allowedHosts: [init.certificateHost], download: () => Promise.resolve(certificate) }));
  const app = express();
  app.set('etag', false);
  app.use(partnerCenterWebhookRouter({ verifier, logger: silentLogger(), accept: (delivery) => acceptDelivery(storage, delivery) }));
  // The product's problem+json handler in short: a refused delivery must show as non-2xx in the figures.
  const onError: ErrorRequestHandler = (err: { status?: number }, _req, res, _next) => { res.status(err.status ?? 500).end(); };
  app.use(onError);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      await storage.close();
    },
  };
});
