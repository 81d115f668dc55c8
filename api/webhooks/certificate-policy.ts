/**
 * Which signing certificates we trust, as pure checks. Microsoft documents no allow-list and says the
 * certificate "chains to the Microsoft Root", but it sends only the leaf, so our trust anchor is the
 * download itself: https (the platform's TLS trust) from a host we allow, then the certificate's
 * validity dates and its issuer organization (steps 2–4 of the documented procedure).
 */
import type { X509Certificate } from 'node:crypto';
import { SignatureError } from './signature-error.js';

/** Where Microsoft's documented certificate URLs live (reference §6.5). */
export const DEFAULT_CERTIFICATE_HOSTS: readonly string[] = ['3psostorageacct.blob.core.windows.net'];
/** Microsoft's reference code requires this in the issuer. */
export const DEFAULT_REQUIRED_ISSUER = 'O=Microsoft Corporation';

/** `host` or `host:port`, normalized as a URL would be (lower case, default port 443 dropped). */
export function normalizeAllowedHost(entry: string): string {
  const trimmed = entry.trim();
  let url: URL;
  try {
    url = new URL(`https://${trimmed}`);
  } catch {
    throw new TypeError(`'${entry}' is not a host name (or host:port).`);
  }
  if (trimmed === '' || url.pathname !== '/' || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new TypeError(`'${entry}' is not a host name (or host:port).`);
  }
  return url.host;
}

/** The URL to download, or the reason it must not be downloaded. */
export function checkCertificateUrl(value: string, allowedHosts: ReadonlySet<string>): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SignatureError('certificate_url_invalid', 'x-ms-certificate-url is not an absolute URL.');
  }
  if (url.protocol !== 'https:') {
    throw new SignatureError('certificate_url_not_https', `The certificate URL uses ${url.protocol.replace(/:$/, '')}; only https is accepted.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new SignatureError('certificate_url_invalid', 'The certificate URL carries credentials.');
  }
  if (!allowedHosts.has(url.host)) {
    throw new SignatureError('certificate_host_not_allowed', `The certificate host ${url.host} is not in the allow-list.`);
  }
  return url;
}

export interface CertificateValidity {
  notBefore: Date;
  notAfter: Date;
}

export function certificateValidity(certificate: X509Certificate): CertificateValidity {
  const notBefore = new Date(certificate.validFrom);
  const notAfter = new Date(certificate.validTo);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
    throw new SignatureError('certificate_invalid', 'The signing certificate has unreadable validity dates.');
  }
  return { notBefore, notAfter };
}

/** `ATTR=value`; an entry without `=` names an organization (`O=`). */
function parseRequiredIssuer(required: string): { attribute: string; value: string } {
  const at = required.indexOf('=');
  if (at < 0) return { attribute: 'O', value: required.trim() };
  return { attribute: required.slice(0, at).trim().toUpperCase(), value: required.slice(at + 1).trim() };
}

/**
 * True when one attribute of the issuer's name is exactly the required one. Microsoft's sample does a
 * substring test on the whole issuer string, which `O=Microsoft Corporation Impostors` would also pass.
 */
export function issuerMatches(certificate: X509Certificate, requiredIssuer: string): boolean {
  const { attribute, value } = parseRequiredIssuer(requiredIssuer);
  // Node prints one RDN per line; a multi-valued RDN joins its attributes with ' + '.
  const attributes = certificate.issuer.split('\n').flatMap((line) => line.split(' + '));
  return attributes.some((entry) => {
    const at = entry.indexOf('=');
    return at > 0 && entry.slice(0, at).trim().toUpperCase() === attribute && entry.slice(at + 1).trim() === value;
  });
}

/** Dates against `now`, then the issuer. Returns the validity so callers can cache until notAfter. */
export function checkCertificate(certificate: X509Certificate, now: Date, requiredIssuer: string): CertificateValidity {
  const validity = certificateValidity(certificate);
  if (now.getTime() < validity.notBefore.getTime()) {
    throw new SignatureError('certificate_not_yet_valid', `The signing certificate is valid only from ${validity.notBefore.toISOString()}.`);
  }
  if (now.getTime() > validity.notAfter.getTime()) {
    throw new SignatureError('certificate_expired', `The signing certificate expired at ${validity.notAfter.toISOString()}.`);
  }
  if (!issuerMatches(certificate, requiredIssuer)) {
    throw new SignatureError('certificate_issuer_not_allowed', `The signing certificate's issuer does not have ${requiredIssuer}.`);
  }
  return validity;
}
