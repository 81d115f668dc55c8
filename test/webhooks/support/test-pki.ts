/**
 * Certificates for the webhook tests, made with the openssl CLI once per test process (Node cannot
 * issue X.509 certificates itself). Test-only: the sandbox gets its signing identity injected.
 *
 * - a TLS CA and a server certificate for 127.0.0.1 (the certificate host), plus an untrusted TLS CA;
 * - a signing certificate issued by a CA named `O=Microsoft Corporation` (what the receiver trusts);
 * - certificates that must be refused: issued by `O=Contoso Ltd` (its subject claims Microsoft), by the
 *   look-alike `O=Microsoft Corporation Impostors`, and one holding an EC key.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SigningMaterial {
  privateKeyPem: string;
  certificatePem: string;
  certificateDer: Buffer;
}

export interface TestPki {
  tls: { caPem: string; keyPem: string; certificatePem: string };
  /** A second TLS CA nobody trusts, with its own 127.0.0.1 server certificate. */
  untrustedTls: { caPem: string; keyPem: string; certificatePem: string };
  signing: SigningMaterial;
  /** An RSA key unrelated to any certificate. */
  otherKeyPem: string;
  contosoIssued: SigningMaterial;
  lookalikeIssued: SigningMaterial;
  ecKey: SigningMaterial;
  /** The signing certificate's validity, for clock tests. */
  validFrom: Date;
  validTo: Date;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function read(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}

function serial(): string {
  return `0x${randomBytes(8).toString('hex')}`;
}

function selfSignedCa(dir: string, name: string, subject: string, keyArgs: string[] = ['-newkey', 'rsa:2048']): void {
  openssl(dir, ['req', '-x509', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-subj', subject,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
}

function issued(dir: string, name: string, subject: string, ca: string, extensions: string, keyArgs: string[] = ['-newkey', 'rsa:2048']): void {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, ['req', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-set_serial', serial(),
    '-days', '30', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.pem`]);
}

function signingMaterial(dir: string, name: string): SigningMaterial {
  const certificatePem = read(dir, `${name}.pem`);
  return { privateKeyPem: read(dir, `${name}.key`), certificatePem, certificateDer: Buffer.from(new X509Certificate(certificatePem).raw) };
}

const SERVER_EXTENSIONS = 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n';
const SIGNING_EXTENSIONS = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n';
const SIGNER_SUBJECT = '/C=US/ST=Washington/L=Redmond/O=Microsoft Corporation/CN=pcnotifications-dispatch.sandbox';

function build(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-pki-'));
  try {
    selfSignedCa(dir, 'tls-ca', '/CN=Cosell Sandbox TLS CA');
    issued(dir, 'tls-server', '/CN=127.0.0.1', 'tls-ca', SERVER_EXTENSIONS);
    selfSignedCa(dir, 'rogue-ca', '/CN=Untrusted TLS CA');
    issued(dir, 'rogue-server', '/CN=127.0.0.1', 'rogue-ca', SERVER_EXTENSIONS);

    selfSignedCa(dir, 'ms-ca', '/C=US/O=Microsoft Corporation/CN=Sandbox Microsoft Signing CA');
    issued(dir, 'signing', SIGNER_SUBJECT, 'ms-ca', SIGNING_EXTENSIONS);
    selfSignedCa(dir, 'contoso-ca', '/C=US/O=Contoso Ltd/CN=Contoso CA');
    issued(dir, 'contoso-signing', SIGNER_SUBJECT, 'contoso-ca', SIGNING_EXTENSIONS);
    selfSignedCa(dir, 'lookalike-ca', '/C=US/O=Microsoft Corporation Impostors/CN=Impostor CA');
    issued(dir, 'lookalike-signing', SIGNER_SUBJECT, 'lookalike-ca', SIGNING_EXTENSIONS);
    issued(dir, 'ec-signing', SIGNER_SUBJECT, 'ms-ca', SIGNING_EXTENSIONS, ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    openssl(dir, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'other.key']);

    const signing = signingMaterial(dir, 'signing');
    const parsed = new X509Certificate(signing.certificatePem);
    return {
      tls: { caPem: read(dir, 'tls-ca.pem'), keyPem: read(dir, 'tls-server.key'), certificatePem: read(dir, 'tls-server.pem') },
      untrustedTls: { caPem: read(dir, 'rogue-ca.pem'), keyPem: read(dir, 'rogue-server.key'), certificatePem: read(dir, 'rogue-server.pem') },
      signing,
      otherKeyPem: read(dir, 'other.key'),
      contosoIssued: signingMaterial(dir, 'contoso-signing'),
      lookalikeIssued: signingMaterial(dir, 'lookalike-signing'),
      ecKey: signingMaterial(dir, 'ec-signing'),
      validFrom: new Date(parsed.validFrom),
      validTo: new Date(parsed.validTo),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let shared: TestPki | undefined;

/** The same certificates for every test in the process (generating RSA keys takes a moment). */
export function testPki(): TestPki {
  shared ??= build();
  return shared;
}
