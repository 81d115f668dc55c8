/**
 * Partner Center webhook signatures, as documented (reference §6.5–6.6): an RSA-SHA256 (PKCS#1 v1.5)
 * signature of the body, base64 in `Authorization: Signature <b64>` or, when the registration sets
 * `SignatureTokenToMsSignatureHeader`, in `x-ms-signature`; the signing certificate's URL in
 * `X-MS-Certificate-Url`; `X-MS-Signature-Algorithm: rsa-sha256`.
 *
 * Pure: headers in, parsed credentials out; raw body bytes + credentials + certificate in, ok or a
 * `SignatureError` out. Fetching and trusting the certificate is certificate-cache.ts's job.
 */
import { constants, verify, type X509Certificate } from 'node:crypto';
import { SignatureError } from './signature-error.js';

export { SIGNATURE_ERROR_REASONS, SignatureError, type SignatureErrorReason } from './signature-error.js';

/** Request headers as Node gives them (lower-case names); other casings are found too. */
export type DeliveryHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export type SignatureHeaderName = 'authorization' | 'x-ms-signature';

export interface SignedDeliveryHeaders {
  signature: Buffer;
  /** Where the signature came from, for logs. */
  signatureHeader: SignatureHeaderName;
  certificateUrl: string;
  algorithm: 'rsa-sha256';
}

export const SIGNATURE_ALGORITHM = 'rsa-sha256';

const SIGNATURE_SCHEME = /^Signature\s+(\S+)$/i;
/** x-ms-signature carries `Signature <b64>` (Microsoft's sample splits it on the space); a bare token is accepted too. */
const MS_SIGNATURE_VALUE = /^(?:Signature\s+)?(\S+)$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function header(headers: DeliveryHeaders, name: string): string | undefined {
  let value = headers[name];
  if (value === undefined) {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : headers[key];
  }
  // A repeated header is ambiguous: treat it as absent rather than guess which one was signed for.
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function signatureToken(headers: DeliveryHeaders): { token: string; from: SignatureHeaderName } | undefined {
  const msSignature = header(headers, 'x-ms-signature');
  if (msSignature !== undefined) {
    const token = MS_SIGNATURE_VALUE.exec(msSignature)?.[1];
    // A value that does not parse is malformed, not missing: surface it as such.
    return { token: token ?? msSignature, from: 'x-ms-signature' };
  }
  const authorization = header(headers, 'authorization');
  const token = authorization === undefined ? undefined : SIGNATURE_SCHEME.exec(authorization)?.[1];
  return token === undefined ? undefined : { token, from: 'authorization' };
}

function decodeSignature(token: string, from: SignatureHeaderName): Buffer {
  if (token.length % 4 !== 0 || !BASE64.test(token)) {
    throw new SignatureError('malformed_signature', `The signature in ${from} is not base64.`);
  }
  return Buffer.from(token, 'base64');
}

/** Step 1 of the documented procedure: the required headers are present and well-formed. */
export function readSignatureHeaders(headers: DeliveryHeaders): SignedDeliveryHeaders {
  const signature = signatureToken(headers);
  const certificateUrl = header(headers, 'x-ms-certificate-url');
  const algorithm = header(headers, 'x-ms-signature-algorithm');
  const missing = [
    ...(signature === undefined ? ['Authorization: Signature (or x-ms-signature)'] : []),
    ...(certificateUrl === undefined ? ['x-ms-certificate-url'] : []),
    ...(algorithm === undefined ? ['x-ms-signature-algorithm'] : []),
  ];
  if (signature === undefined || certificateUrl === undefined || algorithm === undefined) {
    throw new SignatureError('missing_headers', `Missing webhook signature headers: ${missing.join(', ')}.`);
  }
  if (algorithm.toLowerCase() !== SIGNATURE_ALGORITHM) {
    throw new SignatureError('unsupported_algorithm', `x-ms-signature-algorithm '${algorithm.slice(0, 40)}' is not supported; only ${SIGNATURE_ALGORITHM} is.`);
  }
  return {
    signature: decodeSignature(signature.token, signature.from),
    signatureHeader: signature.from,
    certificateUrl,
    algorithm: SIGNATURE_ALGORITHM,
  };
}

/**
 * Steps 5–7: the signature verifies over the exact bytes received (never re-serialized JSON) with the
 * certificate's RSA public key. A public-key check has no secret to leak through timing, so the
 * constant-time concern of HMAC schemes does not arise; OpenSSL does the comparison.
 */
export function verifySignature(rawBody: Uint8Array, signed: SignedDeliveryHeaders, certificate: X509Certificate): void {
  const key = certificate.publicKey;
  if (key.asymmetricKeyType !== 'rsa') {
    throw new SignatureError('certificate_invalid', `The signing certificate holds a ${key.asymmetricKeyType ?? 'unknown'} key, not RSA.`);
  }
  let valid: boolean;
  try {
    valid = verify('sha256', rawBody, { key, padding: constants.RSA_PKCS1_PADDING }, signed.signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new SignatureError('bad_signature', `The signature in ${signed.signatureHeader} does not match the body and the certificate.`);
}
