/** Signs test deliveries the way Partner Center does, with keys from test-pki.ts. */
import { constants, sign } from 'node:crypto';

export function signatureOf(body: string | Buffer, privateKeyPem: string): string {
  return sign('sha256', Buffer.from(body), { key: privateKeyPem, padding: constants.RSA_PKCS1_PADDING }).toString('base64');
}

export interface SignedHeadersOptions {
  body: string | Buffer;
  privateKeyPem: string;
  certificateUrl: string;
  /** Default 'authorization'. */
  placement?: 'authorization' | 'x-ms-signature';
}

export function signedHeaders(options: SignedHeadersOptions): Record<string, string> {
  const signature = `Signature ${signatureOf(options.body, options.privateKeyPem)}`;
  return {
    'content-type': 'application/json',
    ...(options.placement === 'x-ms-signature' ? { 'x-ms-signature': signature } : { authorization: signature }),
    'x-ms-certificate-url': options.certificateUrl,
    'x-ms-signature-algorithm': 'rsa-sha256',
  };
}

/** A referral-updated event as Partner Center sends it (compact JSON). */
export function referralUpdatedBody(referralId = '0f5c5b7d-3a53-4b8e-9d41-4d2f0e7c1a11'): string {
  return JSON.stringify({
    EventName: 'referral-updated',
    ResourceUri: `https://api.partnercenter.microsoft.com/engagements/v1/referrals/${referralId}`,
    ResourceName: 'referral',
    AuditUri: null,
    ResourceChangeUtcDate: '2026-01-01T10:00:00.1234567+00:00',
  });
}
