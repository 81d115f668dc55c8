import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import {
  checkCertificate, checkCertificateUrl, DEFAULT_CERTIFICATE_HOSTS, DEFAULT_REQUIRED_ISSUER, issuerMatches, normalizeAllowedHost,
} from '../../api/webhooks/certificate-policy.js';
import { SignatureError, type SignatureErrorReason } from '../../api/webhooks/signature-error.js';
import { testPki } from './support/test-pki.js';

function rejects(reason: SignatureErrorReason, run: () => unknown): void {
  assert.throws(run, (error: unknown) => error instanceof SignatureError && error.reason === reason);
}

describe('webhooks: certificate policy', () => {
  const pki = testPki();
  const allowed = new Set(DEFAULT_CERTIFICATE_HOSTS.map(normalizeAllowedHost));
  const microsoftUrl = 'https://3psostorageacct.blob.core.windows.net/cert/pcnotifications-dispatch.microsoft.com.cer';

  describe('certificate URL', () => {
    it('accepts both documented Microsoft URLs by default', () => {
      assert.equal(checkCertificateUrl(microsoftUrl, allowed).host, '3psostorageacct.blob.core.windows.net');
      checkCertificateUrl('https://3psostorageacct.blob.core.windows.net/cert/pcnotifications.microsoft.com.cer', allowed);
    });

    it('certificate_url_not_https: the same host over http', () => {
      rejects('certificate_url_not_https', () => checkCertificateUrl(microsoftUrl.replace('https:', 'http:'), allowed));
    });

    it('certificate_url_not_https: other schemes', () => {
      rejects('certificate_url_not_https', () => checkCertificateUrl('ftp://3psostorageacct.blob.core.windows.net/cert/x.cer', allowed));
      rejects('certificate_url_not_https', () => checkCertificateUrl('file:///etc/passwd', allowed));
    });

    it('certificate_host_not_allowed: another host, a look-alike suffix, or another port', () => {
      rejects('certificate_host_not_allowed', () => checkCertificateUrl('https://attacker.example/cert/x.cer', allowed));
      rejects('certificate_host_not_allowed', () => checkCertificateUrl('https://3psostorageacct.blob.core.windows.net.attacker.example/cert/x.cer', allowed));
      rejects('certificate_host_not_allowed', () => checkCertificateUrl('https://3psostorageacct.blob.core.windows.net:8443/cert/x.cer', allowed));
    });

    it('certificate_url_invalid: not an absolute URL, or one with credentials', () => {
      rejects('certificate_url_invalid', () => checkCertificateUrl('/cert/x.cer', allowed));
      rejects('certificate_url_invalid', () => checkCertificateUrl('https://user:pass@3psostorageacct.blob.core.windows.net/cert/x.cer', allowed));
    });

    it('matches hosts case-insensitively and ignores the default port', () => {
      checkCertificateUrl('https://3PSOSTORAGEACCT.blob.core.windows.net:443/cert/x.cer', allowed);
    });

    it('normalizes allow-list entries (case, default port, host:port) and refuses ones that are not hosts', () => {
      assert.equal(normalizeAllowedHost(' Example.COM:443 '), 'example.com');
      assert.equal(normalizeAllowedHost('127.0.0.1:8443'), '127.0.0.1:8443');
      assert.throws(() => normalizeAllowedHost('https://example.com/x'), TypeError);
      assert.throws(() => normalizeAllowedHost(''), TypeError);
    });
  });

  describe('certificate', () => {
    const signing = new X509Certificate(pki.signing.certificateDer);
    const during = new Date((pki.validFrom.getTime() + pki.validTo.getTime()) / 2);

    it('accepts a valid certificate issued by O=Microsoft Corporation', () => {
      const validity = checkCertificate(signing, during, DEFAULT_REQUIRED_ISSUER);
      assert.deepEqual(validity, { notBefore: pki.validFrom, notAfter: pki.validTo });
    });

    it('certificate_expired: after validTo', () => {
      rejects('certificate_expired', () => checkCertificate(signing, new Date(pki.validTo.getTime() + 1000), DEFAULT_REQUIRED_ISSUER));
    });

    it('certificate_not_yet_valid: before validFrom', () => {
      rejects('certificate_not_yet_valid', () => checkCertificate(signing, new Date(pki.validFrom.getTime() - 1000), DEFAULT_REQUIRED_ISSUER));
    });

    it('certificate_issuer_not_allowed: issued by Contoso although its subject says Microsoft', () => {
      const contoso = new X509Certificate(pki.contosoIssued.certificateDer);
      assert.match(contoso.subject, /O=Microsoft Corporation/);
      rejects('certificate_issuer_not_allowed', () => checkCertificate(contoso, during, DEFAULT_REQUIRED_ISSUER));
    });

    it('certificate_issuer_not_allowed: "O=Microsoft Corporation Impostors" (a substring test would pass it)', () => {
      const lookalike = new X509Certificate(pki.lookalikeIssued.certificateDer);
      assert.ok(lookalike.issuer.includes('O=Microsoft Corporation'));
      rejects('certificate_issuer_not_allowed', () => checkCertificate(lookalike, during, DEFAULT_REQUIRED_ISSUER));
    });

    it('takes the required issuer from configuration, as ATTR=value or a bare organization', () => {
      const contoso = new X509Certificate(pki.contosoIssued.certificateDer);
      assert.equal(issuerMatches(contoso, 'O=Contoso Ltd'), true);
      assert.equal(issuerMatches(contoso, 'Contoso Ltd'), true);
      assert.equal(issuerMatches(contoso, 'o=Contoso Ltd'), true);
      assert.equal(issuerMatches(contoso, 'CN=Contoso CA'), true);
      assert.equal(issuerMatches(contoso, 'O=Contoso'), false);
    });
  });
});
