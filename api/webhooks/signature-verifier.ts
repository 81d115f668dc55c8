/**
 * The documented validation procedure end to end: headers → trusted certificate → signature over the
 * raw bytes. This is what the receiver calls; every failure is a SignatureError.
 */
import { CertificateCache, type CertificateCacheOptions, type CertificateSource } from './certificate-cache.js';
import { readSignatureHeaders, verifySignature, type DeliveryHeaders, type SignatureHeaderName } from './verify-signature.js';

export interface VerifiedDelivery {
  certificateUrl: string;
  signatureHeader: SignatureHeaderName;
}

export interface DeliveryVerifier {
  /** Resolves when the body was signed by a trusted certificate; rejects with SignatureError otherwise. */
  verify(rawBody: Uint8Array, headers: DeliveryHeaders): Promise<VerifiedDelivery>;
}

export function signatureVerifier(certificates: CertificateSource): DeliveryVerifier {
  return {
    async verify(rawBody, headers) {
      const signed = readSignatureHeaders(headers);
      const certificate = await certificates.get(signed.certificateUrl);
      verifySignature(rawBody, signed, certificate);
      return { certificateUrl: signed.certificateUrl, signatureHeader: signed.signatureHeader };
    },
  };
}

/** The production verifier: Microsoft's certificate host and issuer unless configured otherwise. */
export function partnerCenterSignatureVerifier(options: CertificateCacheOptions = {}): DeliveryVerifier {
  return signatureVerifier(new CertificateCache(options));
}
