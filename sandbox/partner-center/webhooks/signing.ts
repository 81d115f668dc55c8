/**
 * Signs deliveries as Partner Center does (reference §6.5): RSA-SHA256 with PKCS#1 v1.5 padding over
 * the exact body bytes, base64 in `Authorization: Signature …` (or `x-ms-signature` when the
 * registration asks), plus `X-MS-Certificate-Url` and `X-MS-Signature-Algorithm: rsa-sha256`.
 *
 * The key and certificate are injected: whoever starts the sandbox makes them and serves the
 * certificate over https at `certificateUrl` (see certificate-server.ts).
 */
import { constants, createPrivateKey, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';

export interface WebhookSigningIdentity {
  privateKeyPem: string;
  /** The certificate for `privateKeyPem`, served at certificateUrl. */
  certificateDer: Uint8Array;
  /** A function when the URL is known only once the certificate server listens. */
  certificateUrl: string | (() => string);
}

export interface DeliverySigner {
  headers(body: Buffer, inMsSignatureHeader: boolean): Record<string, string>;
}

const PROBE = Buffer.from('partner-center-webhook-signing-probe');

/** Checks that the key and the certificate belong together before any delivery is signed with them. */
export function deliverySigner(identity: WebhookSigningIdentity): DeliverySigner {
  const key: KeyObject = createPrivateKey(identity.privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa') throw new TypeError('The webhook signing key must be an RSA key.');
  const certificate = new X509Certificate(Buffer.from(identity.certificateDer));
  const probe = sign('sha256', PROBE, { key, padding: constants.RSA_PKCS1_PADDING });
  if (!verify('sha256', PROBE, { key: certificate.publicKey, padding: constants.RSA_PKCS1_PADDING }, probe)) {
    throw new TypeError('The webhook signing key does not match the signing certificate.');
  }
  const certificateUrl = identity.certificateUrl;
  return {
    headers(body, inMsSignatureHeader) {
      const signature = `Signature ${sign('sha256', body, { key, padding: constants.RSA_PKCS1_PADDING }).toString('base64')}`;
      return {
        'Content-Type': 'application/json',
        ...(inMsSignatureHeader ? { 'x-ms-signature': signature } : { Authorization: signature }),
        'X-MS-Certificate-Url': typeof certificateUrl === 'function' ? certificateUrl() : certificateUrl,
        'X-MS-Signature-Algorithm': 'rsa-sha256',
      };
    },
  };
}
