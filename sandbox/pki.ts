import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** The organization in the sandbox's certificates; a receiver in sandbox mode requires it as issuer. */
export const SANDBOX_ORGANIZATION = 'Cosell Sandbox';

export interface SandboxPki {
  /** The local CA a sandbox-mode receiver trusts for the certificate download over https. */
  caPem: string;
  /** TLS key and certificate of the https server that publishes the signing certificate, for 127.0.0.1. */
  tls: { keyPem: string; certificatePem: string };
  /** What the emulator signs webhook deliveries with, as Microsoft's dispatch certificate. */
  signing: { privateKeyPem: string; certificateDer: Uint8Array };
}

const RSA: webcrypto.RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

async function keyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
}

async function generate(): Promise<SandboxPki> {
  const notBefore = new Date(Date.now() - 60 * 60_000);
  const notAfter = new Date(Date.now() + 365 * 24 * 60 * 60_000);
  const caKeys = await keyPair();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: `CN=${SANDBOX_ORGANIZATION} CA, O=${SANDBOX_ORGANIZATION}`, notBefore, notAfter, signingAlgorithm: RSA, keys: caKeys,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const issue = async (serialNumber: string, subject: string, extensions: x509.Extension[]) => {
    const keys = await keyPair();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber, subject, issuer: ca.subject, notBefore, notAfter, signingAlgorithm: RSA, publicKey: keys.publicKey, signingKey: caKeys.privateKey, extensions,
    });
    return { cert, keyPem: await privateKeyPem(keys.privateKey) };
  };
  const tls = await issue('02', 'CN=127.0.0.1', [
    new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }, { type: 'dns', value: 'localhost' }]),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
  ]);
  const signing = await issue('03', `CN=pcnotifications-dispatch.sandbox, O=${SANDBOX_ORGANIZATION}`, [
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
  ]);
  return {
    caPem: ca.toString('pem'),
    tls: { keyPem: tls.keyPem, certificatePem: tls.cert.toString('pem') },
    signing: { privateKeyPem: signing.keyPem, certificateDer: new Uint8Array(signing.cert.rawData) },
  };
}

let shared: Promise<SandboxPki> | undefined;

/**
 * Made once per process at first use (RSA key generation takes a moment): every sandbox in the process
 * shares it. Node cannot issue X.509 certificates itself, hence @peculiar/x509 over WebCrypto.
 */
export function sandboxPki(): Promise<SandboxPki> {
  shared ??= generate();
  return shared;
}
