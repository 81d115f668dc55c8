/**
 * Signing certificates by URL: checked against the URL policy before any network access, downloaded
 * once however many deliveries ask at the same time, parsed with node:crypto (DER `.cer` or PEM),
 * checked (dates against the injected clock, issuer), and kept until the earlier of their expiry and
 * `maxAgeMs` (so a certificate replaced at the same URL is picked up), at most `maxEntries` of them.
 * Failures are not cached: the next delivery tries again.
 */
import { X509Certificate } from 'node:crypto';
import { systemClock, type Clock } from '../domain/clock.js';
import { httpsCertificateDownloader, type CertificateDownloader } from './certificate-download.js';
import {
  checkCertificate, checkCertificateUrl, DEFAULT_CERTIFICATE_HOSTS, DEFAULT_REQUIRED_ISSUER, normalizeAllowedHost,
} from './certificate-policy.js';
import { SignatureError } from './signature-error.js';

/** What the verifier needs: a trusted, currently valid certificate for a URL, or a SignatureError. */
export interface CertificateSource {
  get(certificateUrl: string): Promise<X509Certificate>;
}

export interface CertificateCacheOptions {
  /** Hosts (`host` or `host:port`) certificates may come from. Default: Microsoft's documented host. */
  allowedHosts?: readonly string[];
  /** `ATTR=value` the issuer must have, e.g. the default `O=Microsoft Corporation`. */
  requiredIssuer?: string;
  /** Default: https with Node's trust store (httpsCertificateDownloader()). */
  download?: CertificateDownloader;
  clock?: Clock;
  /** Default 16. */
  maxEntries?: number;
  /** Default 24 h. */
  maxAgeMs?: number;
}

interface Entry {
  certificate: X509Certificate;
  keepUntil: number;
}

export class CertificateCache implements CertificateSource {
  private readonly allowedHosts: ReadonlySet<string>;
  private readonly requiredIssuer: string;
  private readonly download: CertificateDownloader;
  private readonly clock: Clock;
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<X509Certificate>>();

  constructor(options: CertificateCacheOptions = {}) {
    const hosts = options.allowedHosts ?? DEFAULT_CERTIFICATE_HOSTS;
    if (hosts.length === 0) throw new RangeError('At least one certificate host must be allowed.');
    this.allowedHosts = new Set(hosts.map(normalizeAllowedHost));
    this.requiredIssuer = options.requiredIssuer ?? DEFAULT_REQUIRED_ISSUER;
    if (this.requiredIssuer.trim() === '') throw new RangeError('requiredIssuer must not be empty.');
    this.download = options.download ?? httpsCertificateDownloader();
    this.clock = options.clock ?? systemClock;
    this.maxEntries = options.maxEntries ?? 16;
    this.maxAgeMs = options.maxAgeMs ?? 24 * 60 * 60 * 1000;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) throw new RangeError('maxEntries must be a positive integer.');
    if (!(this.maxAgeMs > 0)) throw new RangeError('maxAgeMs must be positive.');
  }

  /** How many certificates are held. */
  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  async get(certificateUrl: string): Promise<X509Certificate> {
    const url = checkCertificateUrl(certificateUrl, this.allowedHosts);
    const key = url.href;
    const now = this.clock();
    const cached = this.entries.get(key);
    if (cached && now.getTime() < cached.keepUntil) {
      // Re-checked on every use: a clock can move before notBefore, and keepUntil never passes notAfter.
      checkCertificate(cached.certificate, now, this.requiredIssuer);
      this.entries.delete(key);
      this.entries.set(key, cached); // most recently used goes last
      return cached.certificate;
    }
    if (cached) this.entries.delete(key);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const loading = this.load(url).finally(() => { this.inFlight.delete(key); });
    this.inFlight.set(key, loading);
    return loading;
  }

  private async load(url: URL): Promise<X509Certificate> {
    let bytes: Uint8Array;
    try {
      bytes = await this.download(url);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new SignatureError('certificate_fetch_failed', `The certificate could not be downloaded from ${url.host}: ${detail}`, { cause: error });
    }
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(Buffer.from(bytes));
    } catch (error) {
      throw new SignatureError('certificate_invalid', `The document at ${url.host}${url.pathname} is not an X.509 certificate.`, { cause: error });
    }
    const now = this.clock();
    const validity = checkCertificate(certificate, now, this.requiredIssuer);
    this.remember(url.href, { certificate, keepUntil: Math.min(validity.notAfter.getTime(), now.getTime() + this.maxAgeMs) });
    return certificate;
  }

  private remember(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }
}
