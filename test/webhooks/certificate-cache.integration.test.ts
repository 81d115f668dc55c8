import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { manualClock } from '../../api/domain/clock.js';
import { CertificateCache, type CertificateCacheOptions } from '../../api/webhooks/certificate-cache.js';
import { httpsCertificateDownloader, type CertificateDownloader } from '../../api/webhooks/certificate-download.js';
import { SignatureError, type SignatureErrorReason } from '../../api/webhooks/signature-error.js';
import { receiverTrust, startCertificateServer, type CertificateServer } from '../../sandbox/partner-center/webhooks/index.js';
import { testPki } from './support/test-pki.js';

async function rejects(reason: SignatureErrorReason, run: () => Promise<unknown>): Promise<void> {
  await assert.rejects(run, (error: unknown) => error instanceof SignatureError && error.reason === reason);
}

/** Counts downloads; optionally holds them until released, so concurrency is deterministic. */
function counting(inner: CertificateDownloader): CertificateDownloader & { calls: URL[]; hold(): () => void } {
  let gate: Promise<void> | undefined;
  const downloader = (async (url: URL) => {
    downloader.calls.push(url);
    if (gate) await gate;
    return inner(url);
  }) as CertificateDownloader & { calls: URL[]; hold(): () => void };
  downloader.calls = [];
  downloader.hold = () => {
    let release!: () => void;
    gate = new Promise((resolve) => { release = resolve; });
    return () => { gate = undefined; release(); };
  };
  return downloader;
}

describe('webhooks: certificate cache over https', () => {
  const pki = testPki();
  let server: CertificateServer;
  let trust: ReturnType<typeof receiverTrust>;
  const during = new Date((pki.validFrom.getTime() + pki.validTo.getTime()) / 2);

  before(async () => {
    server = await startCertificateServer({ certificateDer: pki.signing.certificateDer, tls: { keyPem: pki.tls.keyPem, certificatePem: pki.tls.certificatePem } });
    trust = receiverTrust(server, pki.tls.caPem);
  });
  after(async () => {
    await trust.dispatcher.close();
    await server.close();
  });

  function cache(options: Partial<CertificateCacheOptions> = {}): { cache: CertificateCache; download: ReturnType<typeof counting>; clock: ReturnType<typeof manualClock> } {
    const clock = manualClock(during);
    const download = counting(httpsCertificateDownloader({ dispatcher: trust.dispatcher }));
    return { cache: new CertificateCache({ allowedHosts: trust.allowedHosts, download, clock, ...options }), download, clock };
  }

  it('downloads the certificate over https from an allowed host, trusting the sandbox CA', async () => {
    const { cache: certificates } = cache();
    const certificate = await certificates.get(server.certificateUrl);
    assert.equal(certificate.fingerprint256, new X509Certificate(pki.signing.certificateDer).fingerprint256);
  });

  it('serves a second request from the cache', async () => {
    const { cache: certificates, download } = cache();
    await certificates.get(server.certificateUrl);
    await certificates.get(server.certificateUrl);
    assert.equal(download.calls.length, 1);
    assert.equal(certificates.size, 1);
  });

  it('coalesces concurrent requests for one URL into one download', async () => {
    const { cache: certificates, download } = cache();
    const release = download.hold();
    const pending = Array.from({ length: 5 }, () => certificates.get(server.certificateUrl));
    release();
    const results = await Promise.all(pending);
    assert.equal(download.calls.length, 1);
    assert.ok(results.every((c) => c === results[0]));
  });

  it('downloads again after maxAgeMs', async () => {
    const { cache: certificates, download, clock } = cache({ maxAgeMs: 60_000 });
    await certificates.get(server.certificateUrl);
    clock.advance(59_000);
    await certificates.get(server.certificateUrl);
    assert.equal(download.calls.length, 1);
    clock.advance(2_000);
    await certificates.get(server.certificateUrl);
    assert.equal(download.calls.length, 2);
  });

  it('certificate_expired: a cached certificate past validTo is dropped, downloaded again and refused', async () => {
    const { cache: certificates, download, clock } = cache({ maxAgeMs: 365 * 86_400_000 });
    await certificates.get(server.certificateUrl);
    clock.set(new Date(pki.validTo.getTime() + 1_000));
    await rejects('certificate_expired', () => certificates.get(server.certificateUrl));
    assert.equal(download.calls.length, 2);
    assert.equal(certificates.size, 0);
  });

  it('certificate_not_yet_valid: the clock before validFrom', async () => {
    const { cache: certificates, clock } = cache();
    clock.set(new Date(pki.validFrom.getTime() - 60_000));
    await rejects('certificate_not_yet_valid', () => certificates.get(server.certificateUrl));
  });

  it('certificate_issuer_not_allowed: the configured issuer is not the certificate\'s', async () => {
    const { cache: certificates } = cache({ requiredIssuer: 'O=Contoso Ltd' });
    await rejects('certificate_issuer_not_allowed', () => certificates.get(server.certificateUrl));
  });

  it('certificate_url_not_https: refuses http before any download', async () => {
    const { cache: certificates, download } = cache();
    await rejects('certificate_url_not_https', () => certificates.get(server.certificateUrl.replace('https:', 'http:')));
    assert.equal(download.calls.length, 0);
  });

  it('certificate_host_not_allowed: refuses other hosts (the default allow-list is Microsoft\'s) before any download', async () => {
    const download = counting(httpsCertificateDownloader({ dispatcher: trust.dispatcher }));
    const certificates = new CertificateCache({ download, clock: manualClock(during) });
    await rejects('certificate_host_not_allowed', () => certificates.get(server.certificateUrl));
    assert.equal(download.calls.length, 0);
  });

  it('certificate_fetch_failed: the default downloader uses the platform trust store, which does not know the sandbox CA', async () => {
    const certificates = new CertificateCache({ allowedHosts: trust.allowedHosts, clock: manualClock(during) });
    await rejects('certificate_fetch_failed', () => certificates.get(server.certificateUrl));
  });

  it('certificate_fetch_failed: a TLS peer signed by a CA that is not trusted', async () => {
    const rogue = await startCertificateServer({
      certificateDer: pki.signing.certificateDer, tls: { keyPem: pki.untrustedTls.keyPem, certificatePem: pki.untrustedTls.certificatePem },
    });
    try {
      const { cache: certificates } = cache({ allowedHosts: [rogue.host] });
      await rejects('certificate_fetch_failed', () => certificates.get(rogue.certificateUrl));
    } finally {
      await rogue.close();
    }
  });

  it('certificate_fetch_failed: a 404, and the failure is not cached', async () => {
    const { cache: certificates, download } = cache();
    const missing = server.certificateUrl.replace(/[^/]+\.cer$/, 'missing.cer');
    await rejects('certificate_fetch_failed', () => certificates.get(missing));
    await rejects('certificate_fetch_failed', () => certificates.get(missing));
    assert.equal(download.calls.length, 2);
    assert.equal(certificates.size, 0);
  });

  it('certificate_fetch_failed: nothing listening', async () => {
    const { cache: certificates } = cache({ allowedHosts: ['127.0.0.1:1'] });
    await rejects('certificate_fetch_failed', () => certificates.get('https://127.0.0.1:1/cert/x.cer'));
  });

  describe('with an injected downloader', () => {
    const HOST = 'certs.example';
    const store = new Map<string, Uint8Array | string>([
      [`https://${HOST}/cert/der.cer`, pki.signing.certificateDer],
      [`https://${HOST}/cert/pem.cer`, pki.signing.certificatePem],
      [`https://${HOST}/cert/garbage.cer`, 'not a certificate'],
    ]);
    const fromMemory = counting(async (url) => {
      const found = store.get(url.href) ?? pki.signing.certificateDer;
      return Promise.resolve(typeof found === 'string' ? Buffer.from(found) : found);
    });
    const memoryCache = (options: Partial<CertificateCacheOptions> = {}): CertificateCache =>
      new CertificateCache({ allowedHosts: [HOST], download: fromMemory, clock: manualClock(during), ...options });

    it('parses DER and PEM', async () => {
      const certificates = memoryCache();
      const der = await certificates.get(`https://${HOST}/cert/der.cer`);
      const pem = await certificates.get(`https://${HOST}/cert/pem.cer`);
      assert.equal(der.fingerprint256, pem.fingerprint256);
    });

    it('certificate_invalid: bytes that are not a certificate', async () => {
      await rejects('certificate_invalid', () => memoryCache().get(`https://${HOST}/cert/garbage.cer`));
    });

    it('keeps at most maxEntries certificates, dropping the least recently used', async () => {
      const certificates = memoryCache({ maxEntries: 2 });
      fromMemory.calls.length = 0;
      await certificates.get(`https://${HOST}/cert/a.cer`);
      await certificates.get(`https://${HOST}/cert/b.cer`);
      await certificates.get(`https://${HOST}/cert/a.cer`); // a is now the most recent
      await certificates.get(`https://${HOST}/cert/c.cer`); // evicts b
      assert.equal(certificates.size, 2);
      await certificates.get(`https://${HOST}/cert/a.cer`);
      assert.equal(fromMemory.calls.length, 3);
      await certificates.get(`https://${HOST}/cert/b.cer`);
      assert.equal(fromMemory.calls.length, 4);
    });

    it('refuses configuration that would trust nothing or everything', () => {
      assert.throws(() => new CertificateCache({ allowedHosts: [] }), RangeError);
      assert.throws(() => new CertificateCache({ requiredIssuer: ' ' }), RangeError);
      assert.throws(() => new CertificateCache({ allowedHosts: ['https://x/y'] }), TypeError);
    });
  });
});
