import { swaggerFinding, type Finding } from '../finding.js';
import type { PathSegment } from '../json-path.js';
import { asArray, asRecord, asString, isRecord, recordEntries, type JsonObject } from '../json-values.js';
import { operationsOf, parametersOf, resolve, responsesOf, visibilityOf, type OperationRef } from '../swagger-walk.js';

// Webhook triggers (create-webhook-trigger.md and the validator's webhook rules): the registration
// operation carries x-ms-trigger; its body holds the callback URL (x-ms-notification-url) as a
// required, internal string; the path item describes the payload in x-ms-notification-content; the
// 201 response's Location header is where the platform sends DELETE to unsubscribe, so a DELETE
// operation must exist. GET operations with x-ms-trigger are polling triggers, which take no
// callback URL, so these rules skip them.

interface NotificationUrl {
  readonly at: readonly PathSegment[];
  readonly schema: JsonObject;
  readonly required: boolean;
  readonly internal: boolean;
}

/** Finds x-ms-notification-url properties under a body schema, tracking whether every level is required and whether one is internal. */
function notificationUrlsIn(swagger: unknown, schema: unknown, at: readonly PathSegment[], required: boolean, internal: boolean, seen: ReadonlySet<unknown>): NotificationUrl[] {
  const node = resolve(swagger, schema, at);
  if (!node || seen.has(node.value)) return [];
  const here = { required, internal: internal || visibilityOf(node.value) === 'internal' };
  if (node.value['x-ms-notification-url'] === true) return [{ at, schema: node.value, ...here }];
  const requiredNames = asArray(node.value['required']) ?? [];
  const nextSeen = new Set([...seen, node.value]);
  return recordEntries(node.value['properties']).flatMap(([name, property]) =>
    notificationUrlsIn(
      swagger,
      property,
      [...at, 'properties', name],
      here.required && requiredNames.includes(name),
      here.internal || visibilityOf(property) === 'internal',
      nextSeen,
    ),
  );
}

function isWebhookTrigger(op: OperationRef): boolean {
  return op.operation['x-ms-trigger'] !== undefined && op.method !== 'get';
}

function checkNotificationUrl(swagger: unknown, op: OperationRef): Finding[] {
  const findings: Finding[] = [];
  const urls: NotificationUrl[] = [];
  for (const p of parametersOf(swagger, op)) {
    if (p.value['in'] === 'body') {
      urls.push(...notificationUrlsIn(swagger, p.value['schema'], [...p.at, 'schema'], p.value['required'] === true, visibilityOf(p.value) === 'internal', new Set()));
    } else if (p.value['x-ms-notification-url'] === true) {
      findings.push(swaggerFinding('NotificationUrlNotAllowedInThisPosition', p.at, `the callback URL must be in the request body, not a ${String(p.value['in'])} parameter`));
    }
  }
  if (urls.length === 0 && findings.length === 0) {
    findings.push(swaggerFinding('WebhookOperationsMissingNotificationUrlProperty', op.at, 'a webhook trigger needs a body property with "x-ms-notification-url": true'));
  }
  for (const url of urls) {
    if (url.schema['type'] !== 'string') findings.push(swaggerFinding('NotificationUrlNotString', url.at, 'the callback URL property must be of type string'));
    if (!url.required) findings.push(swaggerFinding('NotificationUrlNotRequired', url.at, 'the callback URL property, and the body and every object above it, must be required'));
    if (!url.internal) findings.push(swaggerFinding('NotificationUrlNotInternal', url.at, 'the callback URL property, or an object above it, must have "x-ms-visibility": "internal"'));
  }
  return findings;
}

function checkRegistrationResponse(swagger: unknown, op: OperationRef): Finding[] {
  const created = responsesOf(swagger, op).find((r) => r.code === '201');
  if (!created) return [swaggerFinding('WebhookCreatedResponseMissing', [...op.at, 'responses'], 'a webhook registration must answer 201 with a Location header')];
  const headers = Object.keys(asRecord(created.value['headers']) ?? {});
  return headers.some((h) => h.toLowerCase() === 'location')
    ? []
    : [swaggerFinding('WebhookLocationHeaderMissing', [...created.at, 'headers'], 'the 201 response must declare the Location header that DELETE uses to unsubscribe')];
}

/** Every webhook trigger follows the registration, payload and unsubscribe rules. */
export function checkWebhookTriggers(swagger: unknown): Finding[] {
  const operations = operationsOf(swagger);
  const triggers = operations.filter(isWebhookTrigger);
  const findings: Finding[] = [];
  for (const op of triggers) {
    const summary = asString(op.operation['summary']);
    if (summary !== undefined && !/^When\b/.test(summary)) findings.push(swaggerFinding('TriggerSummaryNotWhen', [...op.at, 'summary'], `a trigger's summary reads "When a …", found "${summary}"`));
    findings.push(...checkNotificationUrl(swagger, op));
    if (!isRecord(op.pathItem['x-ms-notification-content'])) {
      findings.push(swaggerFinding('OperationMustHaveNotificationContentExtension', ['paths', op.path], `the path item needs x-ms-notification-content describing what ${String(op.operation['operationId'])} delivers`));
    }
    findings.push(...checkRegistrationResponse(swagger, op));
  }
  if (triggers.length > 0 && !operations.some((op) => op.method === 'delete')) {
    findings.push(swaggerFinding('WebhookDeleteOperationMissing', ['paths'], 'webhook triggers need a DELETE operation to unsubscribe (the 201 Location points to it)'));
  }
  return findings;
}
