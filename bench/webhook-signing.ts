/**
 * A signing identity for the webhook-ingest benchmark, standing in for Partner Center's: an RSA-2048 key
 * and a self-signed certificate whose issuer is `O=Microsoft Corporation` (what the receiver requires),
 * made with the openssl CLI as the webhook tests make theirs (Node cannot issue certificates itself),
 * and event bodies signed with it as Partner Center signs them (RSA-SHA256, PKCS#1 v1.5, base64 in
 * `Authorization: Signature …`). Signing happens before the load, on WebCrypto's thread pool, so the
 * load generator only picks pre-signed requests.
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomUUID, webcrypto, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchSigningIdentity {
  certificateDer: Buffer;
  privateKey: webcrypto.CryptoKey;
}

export interface SignedEvent {
  body: string;
  headers: Record<string, string>;
}

export async function createSigningIdentity(): Promise<BenchSigningIdentity> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-signing-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'signing.key', '-out', 'signing.pem', '-days', '2',
      '-subj', '/C=US/O=Microsoft Corporation/CN=pcnotifications-dispatch.bench'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    const pkcs8 = createPrivateKey(readFileSync(join(dir, 'signing.key'))).export({ type: 'pkcs8', format: 'der' });
    const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    return { certificateDer: Buffer.from(new X509Certificate(readFileSync(join(dir, 'signing.pem'))).raw), privateKey };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A referral-updated event as documented (§6.3), for a fresh referral id: every body is distinct. */
function eventBody(changedAt: Date): string {
  return JSON.stringify({
    EventName: 'referral-updated',
    ResourceUri: `https://api.partnercenter.microsoft.com/engagements/v1/referrals/${randomUUID()}`,
    ResourceName: 'referral',
    AuditUri: null,
    ResourceChangeUtcDate: changedAt.toISOString().replace('Z', '0000+00:00'),
  });
}

/** `count` distinct events, signed; `certificateUrl` is what X-MS-Certificate-Url names. */
export async function signEvents(identity: BenchSigningIdentity, certificateUrl: string, count: number): Promise<SignedEvent[]> {
  const events: SignedEvent[] = [];
  const BATCH = 256;
  for (let start = 0; start < count; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - start) }, () => eventBody(new Date()));
    const signatures = await Promise.all(batch.map((body) => webcrypto.subtle.sign('RSASSA-PKCS1-v1_5', identity.privateKey, Buffer.from(body))));
    batch.forEach((body, i) => {
      events.push({
        body,
        headers: {
          'content-type': 'application/json',
          authorization: `Signature ${Buffer.from(signatures[i]!).toString('base64')}`,
          'x-ms-certificate-url': certificateUrl,
          'x-ms-signature-algorithm': 'rsa-sha256',
        },
      });
    });
  }
  return events;
}
