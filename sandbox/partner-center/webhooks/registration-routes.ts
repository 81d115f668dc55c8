/**
 * The webhook registration API (reference §6.1), below the emulator's `/webhooks` mount:
 *
 *   GET  /v1/registration/events                         supported event names (JSON array)
 *   GET  /v1/registration                                the registration (404 when there is none)
 *   POST /v1/registration                                register (409 when one exists)
 *   PUT  /v1/registration                                update (404 when there is none)
 *   POST /v1/registration/validationEvents               send test-created (2 per minute) → { correlationId }
 *   GET  /v1/registration/validationEvents/{correlationId}   per-attempt results
 *
 * Every documented response is 200. Authentication, body parsing, faults and the error envelope come
 * from the emulator's router, as for the Referrals API.
 */
import { randomUUID } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import type { Clock } from '../../../api/domain/clock.js';
import { invalidRequest, PartnerCenterError } from '../errors.js';
import { parseRegistrationRequest, RegistrationExistsError, registrationView } from './registration.js';
import { SUPPORTED_WEBHOOK_EVENTS } from './supported-events.js';
import type { WebhookEmulator } from './webhook-emulator.js';

const REGISTRATION = '/v1/registration';
const EVENTS = '/v1/registration/events';
const VALIDATION_EVENTS = '/v1/registration/validationEvents';
const VALIDATION_EVENT = '/v1/registration/validationEvents/:correlationId';

/** The classic Partner Center API echoes the optional `MS-CorrelationId` / `MS-RequestId` request headers. */
const correlationHeaders: RequestHandler = (req, res, next) => {
  res.set('MS-CorrelationId', req.get('ms-correlationid') ?? randomUUID());
  res.set('MS-RequestId', req.get('ms-requestid') ?? randomUUID());
  next();
};

function notFound(message: string): PartnerCenterError {
  return new PartnerCenterError(404, 'itemNotFound', message);
}

function methodNotAllowed(allow: string): RequestHandler {
  return (req, res) => {
    res.set('Allow', allow);
    throw new PartnerCenterError(405, 'invalidRequest', `The method ${req.method} is not supported on this resource.`);
  };
}

export function registrationRoutes(webhooks: WebhookEmulator, clock: Clock): Router {
  const routes = express.Router();
  routes.use(correlationHeaders);

  routes.get(EVENTS, (_req, res) => { res.status(200).json(SUPPORTED_WEBHOOK_EVENTS); });

  routes.get(REGISTRATION, (_req, res) => {
    const registration = webhooks.registrations.get();
    if (!registration) throw notFound('This partner has no webhook registration; register with POST /webhooks/v1/registration.');
    res.status(200).json(registrationView(registration, false));
  });

  routes.post(REGISTRATION, (req, res) => {
    const request = parseRegistrationRequest(req.body);
    try {
      const created = webhooks.registrations.create(request, clock().toISOString());
      res.status(200).json(registrationView(created, true));
    } catch (error) {
      if (error instanceof RegistrationExistsError) throw new PartnerCenterError(409, 'invalidRequest', error.message);
      throw error;
    }
  });

  routes.put(REGISTRATION, (req, res) => {
    const updated = webhooks.registrations.update(parseRegistrationRequest(req.body), clock().toISOString());
    if (!updated) throw notFound('There is no webhook registration to update; register with POST /webhooks/v1/registration.');
    res.status(200).json(registrationView(updated, true));
  });

  routes.post(VALIDATION_EVENTS, (_req, res) => {
    const waitSeconds = webhooks.validationEvents.throttle();
    if (waitSeconds !== undefined) {
      // The documented throttling body, which is not the error envelope.
      res.set('Retry-After', String(waitSeconds)).status(429)
        .json({ statusCode: 429, message: `Rate limit is exceeded. Try again in ${waitSeconds} seconds.` });
      return;
    }
    const registration = webhooks.registrations.get();
    if (!registration || !registration.webhookEvents.includes('test-created')) {
      throw invalidRequest('Register for the test-created event before posting a validation event.', 'WebhookEvents');
    }
    res.status(200).json({ correlationId: webhooks.sendValidationEvent(registration) });
  });

  routes.get(VALIDATION_EVENT, (req, res) => {
    const status = webhooks.validationEvents.get(String(req.params.correlationId));
    if (!status) throw notFound(`No validation event '${String(req.params.correlationId)}' exists (results are kept for 7 days).`);
    res.status(200).json(status);
  });

  routes.all(EVENTS, methodNotAllowed('GET'));
  routes.all(REGISTRATION, methodNotAllowed('GET, POST, PUT'));
  routes.all(VALIDATION_EVENTS, methodNotAllowed('POST'));
  routes.all(VALIDATION_EVENT, methodNotAllowed('GET'));
  return routes;
}
