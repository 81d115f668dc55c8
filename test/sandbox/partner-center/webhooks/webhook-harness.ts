/**
 * The emulator with its webhook side switched on (signing identity from the test PKI, retries that do
 * not wait), the signing certificate served over https, and a real receiver (the product's router)
 * that trusts the sandbox CA and allows the certificate server's host, as sandbox mode does.
 */
import request from 'supertest';
import { systemClock } from '../../../../api/domain/clock.js';
import { httpsCertificateDownloader } from '../../../../api/webhooks/certificate-download.js';
import { partnerCenterSignatureVerifier } from '../../../../api/webhooks/signature-verifier.js';
import type { PartnerCenterEmulatorOptions, WebhookEmulatorOptions } from '../../../../sandbox/partner-center/index.js';
import { receiverTrust, startCertificateServer, type CertificateServer } from '../../../../sandbox/partner-center/webhooks/index.js';
import { startReceiver, type ReceiverApp } from '../../../webhooks/support/receiver-app.js';
import { testPki } from '../../../webhooks/support/test-pki.js';
import { MOUNT, startEmulator, type RunningEmulator } from '../emulator-server.js';

export const WEBHOOK_API = '/webhooks/v1/registration';
export const TENANT = 'sandbox';

export interface WebhookHarness {
  pc: RunningEmulator;
  certificates: CertificateServer;
  receiver: ReceiverApp;
  /** Waits recorded by the injected sleep, in order. */
  sleeps: number[];
  /** A webhook API call with a bearer token (no client-request-id: that header belongs to the Referrals API). */
  webhookApi(method: 'get' | 'post' | 'put' | 'delete' | 'patch', path?: string): request.Test;
  /** Registers the receiver for `events`. */
  register(events: string[], extra?: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  emulator?: PartnerCenterEmulatorOptions;
  webhooks?: Partial<WebhookEmulatorOptions>;
  /** Default true. */
  signing?: boolean;
}

export async function startWebhookHarness(options: HarnessOptions = {}): Promise<WebhookHarness> {
  const pki = testPki();
  const certificates = await startCertificateServer({
    certificateDer: pki.signing.certificateDer, tls: { keyPem: pki.tls.keyPem, certificatePem: pki.tls.certificatePem },
  });
  const trust = receiverTrust(certificates, pki.tls.caPem);
  const receiver = await startReceiver({
    verifier: partnerCenterSignatureVerifier({
      allowedHosts: trust.allowedHosts,
      download: httpsCertificateDownloader({ dispatcher: trust.dispatcher }),
      clock: systemClock,
    }),
  });
  const sleeps: number[] = [];
  const pc = await startEmulator({
    ...options.emulator,
    webhooks: {
      ...(options.signing === false ? {} : {
        signing: { privateKeyPem: pki.signing.privateKeyPem, certificateDer: pki.signing.certificateDer, certificateUrl: certificates.certificateUrl },
      }),
      sleep: (ms) => { sleeps.push(ms); return Promise.resolve(); },
      ...options.webhooks,
    },
  });
  const webhookApi = (method: 'get' | 'post' | 'put' | 'delete' | 'patch', path = ''): request.Test =>
    request(pc.origin)[method](`${MOUNT}${WEBHOOK_API}${path}`).set('Authorization', 'Bearer webhook-token');
  return {
    pc,
    certificates,
    receiver,
    sleeps,
    webhookApi,
    async register(events, extra = {}) {
      await webhookApi('post').send({ WebhookUrl: receiver.urlFor(TENANT), WebhookEvents: events, ...extra }).expect(200);
    },
    async close() {
      pc.emulator.webhooks.close();
      await pc.close();
      await receiver.close();
      await trust.dispatcher.close();
      await certificates.close();
    },
  };
}
