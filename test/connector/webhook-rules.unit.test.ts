import assert from 'node:assert/strict';
import { checkWebhookTriggers } from '../../scripts/connector-validate/rules/webhook-rules.js';
import { assertFinds, minimalSwagger, webhookSwagger, withValue, without } from './fixtures.js';

const POST = ['paths', '/hooks', 'post'] as const;
const BODY = [...POST, 'parameters', 0] as const;
const URL_PROPERTY = [...BODY, 'schema', 'properties', 'callbackUrl'] as const;
const URL_AT = "$.paths['/hooks'].post.parameters[0].schema.properties.callbackUrl";

describe('connector webhook trigger rules', () => {
  it('accept a trigger that follows every rule', () => {
    assert.deepEqual(checkWebhookTriggers(webhookSwagger()), []);
  });

  it('ask nothing of a connector without triggers', () => {
    assert.deepEqual(checkWebhookTriggers(minimalSwagger()), []);
  });

  it('leave polling triggers (GET) alone', () => {
    assert.deepEqual(checkWebhookTriggers(withValue(minimalSwagger(), ['paths', '/deals/{dealId}', 'get', 'x-ms-trigger'], 'single')), []);
  });

  it('reject a trigger without a notification URL property', () => {
    const doc = without(webhookSwagger(), [...URL_PROPERTY, 'x-ms-notification-url']);
    assertFinds(checkWebhookTriggers(doc), 'WebhookOperationsMissingNotificationUrlProperty', "$.paths['/hooks'].post");
  });

  it('reject a notification URL outside the body', () => {
    const doc = withValue(webhookSwagger(), [...POST, 'parameters', 1], { name: 'callback', in: 'query', type: 'string', 'x-ms-notification-url': true });
    assertFinds(checkWebhookTriggers(doc), 'NotificationUrlNotAllowedInThisPosition', "$.paths['/hooks'].post.parameters[1]");
  });

  it('reject a notification URL that is not a string', () => {
    assertFinds(checkWebhookTriggers(withValue(webhookSwagger(), [...URL_PROPERTY, 'type'], 'object')), 'NotificationUrlNotString', URL_AT);
  });

  it('reject a notification URL property that is not required', () => {
    assertFinds(checkWebhookTriggers(without(webhookSwagger(), [...BODY, 'schema', 'required'])), 'NotificationUrlNotRequired', URL_AT);
  });

  it('reject a notification URL in an optional body', () => {
    assertFinds(checkWebhookTriggers(withValue(webhookSwagger(), [...BODY, 'required'], false)), 'NotificationUrlNotRequired', URL_AT);
  });

  it('reject a notification URL that is not internal', () => {
    assertFinds(checkWebhookTriggers(without(webhookSwagger(), [...URL_PROPERTY, 'x-ms-visibility'])), 'NotificationUrlNotInternal', URL_AT);
  });

  it('accept a notification URL under an internal, required object of a $ref body', () => {
    let doc = withValue(webhookSwagger(), ['definitions', 'Subscription'], {
      type: 'object',
      required: ['target'],
      properties: {
        target: {
          type: 'object',
          'x-ms-visibility': 'internal',
          required: ['url'],
          properties: { url: { type: 'string', 'x-ms-notification-url': true } },
        },
      },
    });
    doc = withValue(doc, [...BODY, 'schema'], { $ref: '#/definitions/Subscription' });
    assert.deepEqual(checkWebhookTriggers(doc), []);
  });

  it('reject a trigger path without x-ms-notification-content', () => {
    const doc = without(webhookSwagger(), ['paths', '/hooks', 'x-ms-notification-content']);
    assertFinds(checkWebhookTriggers(doc), 'OperationMustHaveNotificationContentExtension', "$.paths['/hooks']");
  });

  it('reject a trigger without a 201 response', () => {
    let doc = withValue(webhookSwagger(), [...POST, 'responses', '200'], { description: 'Created.', schema: { $ref: '#/definitions/Hook' } });
    doc = without(doc, [...POST, 'responses', '201']);
    assertFinds(checkWebhookTriggers(doc), 'WebhookCreatedResponseMissing', "$.paths['/hooks'].post.responses");
  });

  it('reject a 201 response without a Location header', () => {
    const doc = without(webhookSwagger(), [...POST, 'responses', '201', 'headers', 'Location']);
    assertFinds(checkWebhookTriggers(doc), 'WebhookLocationHeaderMissing', "$.paths['/hooks'].post.responses['201'].headers");
  });

  it('reject triggers without any DELETE operation', () => {
    assertFinds(checkWebhookTriggers(without(webhookSwagger(), ['paths', '/hooks/{hookId}'])), 'WebhookDeleteOperationMissing', '$.paths');
  });

  it('reject a trigger summary that does not read "When …"', () => {
    assertFinds(checkWebhookTriggers(withValue(webhookSwagger(), [...POST, 'summary'], 'Deal changed')), 'TriggerSummaryNotWhen', "$.paths['/hooks'].post.summary");
  });
});
