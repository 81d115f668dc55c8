/**
 * Serves the sandbox's signing certificate over https, as Microsoft serves its own from blob storage
 * (`https://3psostorageacct.blob.core.windows.net/cert/pcnotifications-dispatch.microsoft.com.cer`):
 * a `.cer` (DER) under `/cert/`, on 127.0.0.1 with a TLS certificate from a local CA. A receiver in
 * sandbox mode allows this host and trusts that CA (see receiverTrust); nothing else changes.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';

export const SANDBOX_CERTIFICATE_FILE = 'pcnotifications-dispatch.sandbox.cer';

export interface CertificateServerOptions {
  /** The signing certificate to serve. */
  certificateDer: Uint8Array;
  /** The server's TLS key and certificate (for 127.0.0.1, issued by a CA the receiver trusts). */
  tls: { keyPem: string; certificatePem: string };
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Default SANDBOX_CERTIFICATE_FILE. */
  fileName?: string;
}

export interface CertificateServer {
  /** The X-MS-Certificate-Url to send. */
  certificateUrl: string;
  /** `host:port`, for the receiver's allow-list. */
  host: string;
  close(): Promise<void>;
}

export async function startCertificateServer(options: CertificateServerOptions): Promise<CertificateServer> {
  const fileName = options.fileName ?? SANDBOX_CERTIFICATE_FILE;
  if (!/^[A-Za-z0-9._-]+\.cer$/.test(fileName)) throw new RangeError('fileName must be a plain .cer file name.');
  const path = `/cert/${fileName}`;
  const body = Buffer.from(options.certificateDer);
  const server: Server = createServer({ key: options.tls.keyPem, cert: options.tls.certificatePem }, (req, res) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && req.url === path) {
      res.writeHead(200, { 'Content-Type': 'application/pkix-cert', 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  });
  const listenHost = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listenHost, () => { server.off('error', reject); resolve(); });
  });
  const { port } = server.address() as AddressInfo;
  const host = `${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:${port}`;
  return {
    certificateUrl: `https://${host}${path}`,
    host,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}

/**
 * What a receiver's CertificateCache needs in sandbox mode: this server's host in the allow-list, and
 * an undici dispatcher that trusts the sandbox CA (pass it to httpsCertificateDownloader). Production
 * passes neither and keeps Microsoft's host and the platform trust store.
 */
export function receiverTrust(server: Pick<CertificateServer, 'host'>, caPem: string): { allowedHosts: string[]; dispatcher: Agent } {
  return { allowedHosts: [server.host], dispatcher: new Agent({ connect: { ca: caPem } }) };
}
