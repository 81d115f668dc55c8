/**
 * Downloads a signing certificate. Production passes no dispatcher, so undici's global one and Node's
 * default trust store decide whether the TLS peer is genuine; the sandbox and tests pass an undici
 * Agent that trusts their local CA instead. No redirects are followed (undici's `request` never
 * does), so an allow-listed host cannot bounce us elsewhere.
 */
import { request, type Dispatcher } from 'undici';

/** Resolves the certificate bytes (DER or PEM) or rejects; the caller maps failures to `certificate_fetch_failed`. */
export type CertificateDownloader = (url: URL) => Promise<Uint8Array>;

export interface HttpsCertificateDownloaderOptions {
  /** Default: undici's global dispatcher (Node's trust store). */
  dispatcher?: Dispatcher;
  /** Default 15 s, as hardened receivers use. */
  timeoutMs?: number;
  /** Default 64 KiB; a certificate is about 2 KB. */
  maxBytes?: number;
}

export function httpsCertificateDownloader(options: HttpsCertificateDownloaderOptions = {}): CertificateDownloader {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? 64 * 1024;
  return async (url) => {
    // certificate-cache checks this too; the downloader refuses on its own so it is safe to reuse.
    if (url.protocol !== 'https:') throw new Error(`Refusing to download a certificate over ${url.protocol}`);
    const response = await request(url, {
      method: 'GET',
      headers: { accept: 'application/pkix-cert, application/x-x509-ca-cert, application/x-pem-file, */*' },
      signal: AbortSignal.timeout(timeoutMs),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`The certificate host answered ${response.statusCode}.`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      if (size > maxBytes) {
        response.body.destroy();
        throw new Error(`The certificate is larger than ${maxBytes} bytes.`);
      }
      chunks.push(bytes);
    }
    return Buffer.concat(chunks);
  };
}
