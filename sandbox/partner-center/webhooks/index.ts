/** The Partner Center emulator's webhook side: registration API, validation events, signed deliveries. */
export { receiverTrust, SANDBOX_CERTIFICATE_FILE, startCertificateServer, type CertificateServer, type CertificateServerOptions } from './certificate-server.js';
export { WebhookDeliverer, type DeliveryAttempt, type DeliveryRecord, type DeliveryState, type DeliveryTarget } from './deliveries.js';
export { changeDate, REFERRAL_RESOURCE_BASE, serializeEvent, VALIDATION_EVENT_RESOURCE_BASE, type OutgoingEvent } from './event-body.js';
export { RegistrationStore, type WebhookRegistration } from './registration.js';
export { registrationRoutes } from './registration-routes.js';
export { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './retry-schedule.js';
export { deliverySigner, type WebhookSigningIdentity } from './signing.js';
export { SUPPORTED_WEBHOOK_EVENTS } from './supported-events.js';
export { ValidationEvents, type ValidationEventStatus, type ValidationResult } from './validation-events.js';
export { authenticateWebhookApi } from './webhook-auth.js';
export {
  createWebhookEmulator, type WebhookEmulator, type WebhookEmulatorDependencies, type WebhookEmulatorOptions,
} from './webhook-emulator.js';
