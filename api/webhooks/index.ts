/** Partner Center webhook receiving: signature verification, certificate trust, event parsing, the Express route. */
export {
  CertificateCache, type CertificateCacheOptions, type CertificateSource,
} from './certificate-cache.js';
export { httpsCertificateDownloader, type CertificateDownloader, type HttpsCertificateDownloaderOptions } from './certificate-download.js';
export { DEFAULT_CERTIFICATE_HOSTS, DEFAULT_REQUIRED_ISSUER } from './certificate-policy.js';
export {
  isKnownPartnerCenterEvent, KNOWN_PARTNER_CENTER_EVENTS, parsePartnerCenterEvent, PartnerCenterEventError,
  type KnownPartnerCenterEvent, type PartnerCenterEvent,
} from './partner-center-event.js';
export {
  dedupeKeyOf, PARTNER_CENTER_WEBHOOK_PATH, partnerCenterWebhookRouter,
  type ParsedDelivery, type PartnerCenterWebhookRouterOptions,
} from './receiver.js';
export { SIGNATURE_ERROR_REASONS, SignatureError, type SignatureErrorReason } from './signature-error.js';
export {
  partnerCenterSignatureVerifier, signatureVerifier, type DeliveryVerifier, type VerifiedDelivery,
} from './signature-verifier.js';
export { readSignatureHeaders, verifySignature, type DeliveryHeaders, type SignedDeliveryHeaders } from './verify-signature.js';
