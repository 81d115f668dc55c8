import assert from 'node:assert/strict';
import {
  isKnownPartnerCenterEvent, KNOWN_PARTNER_CENTER_EVENTS, parsePartnerCenterEvent, PartnerCenterEventError, resourceIdFromUri,
} from '../../api/webhooks/partner-center-event.js';
import { sampleText } from './support/samples.js';

function refusedOn(field: string, body: string): void {
  assert.throws(() => parsePartnerCenterEvent(body), (error: unknown) => error instanceof PartnerCenterEventError && error.field === field);
}

describe('webhooks: Partner Center event bodies', () => {
  describe('the documented samples', () => {
    const referralSamples = {
      'webhook-event-referral-created.json': 'referral-created',
      'webhook-event-referral-updated.json': 'referral-updated',
      'webhook-event-related-referral-created.json': 'related-referral-created',
      'webhook-event-related-referral-updated.json': 'related-referral-updated',
    };
    for (const [file, eventName] of Object.entries(referralSamples)) {
      it(`${file}: ${eventName}, referral id from the last ResourceUri segment`, () => {
        const event = parsePartnerCenterEvent(sampleText(file));
        assert.equal(event.eventName, eventName);
        assert.equal(event.resourceName, 'referral');
        assert.equal(event.resourceId, '{{ReferralID}}');
        assert.equal(event.auditUri, null);
        assert.equal(event.resourceChangeUtcDate, '2018-02-17T00:05:39.5485487+00:00');
        assert.equal(event.known, true);
      });
    }

    it('webhook-event-test-created-sample.json: the correlation id is the resource id', () => {
      const event = parsePartnerCenterEvent(sampleText('webhook-event-test-created-sample.json'));
      assert.deepEqual([event.eventName, event.resourceId, event.known], ['test-created', 'c0bfd694-3075-4ec5-9a3c-733d3a890a1f', true]);
    });

    it('webhook-event-test-created.json and -as-delivered.json parse', () => {
      assert.equal(parsePartnerCenterEvent(sampleText('webhook-event-test-created.json')).resourceId, '{{CorrelationId}}');
      assert.equal(parsePartnerCenterEvent(sampleText('webhook-event-test-created-as-delivered.json')).resourceId, 'test');
    });

    it('webhook-event-subscription-updated.json: an event this product does not handle is parsed and marked unknown', () => {
      const event = parsePartnerCenterEvent(sampleText('webhook-event-subscription-updated.json'));
      assert.equal(event.eventName, 'subscription-updated');
      assert.equal(event.known, false);
      assert.equal(event.resourceId, '{{SubscriptionId}}');
      assert.equal(event.auditUri, 'https://api.partnercenter.microsoft.com/v1/auditrecords/{{AuditId}}');
    });
  });

  it('reads the swagger\'s camelCase keys', () => {
    const event = parsePartnerCenterEvent(JSON.stringify({
      eventName: 'referral-updated',
      resourceUri: 'https://api.partnercenter.microsoft.com/engagements/v1/referrals/abc',
      resourceName: 'referral',
      auditUri: null,
      resourceChangeUtcDate: '2026-01-01T00:00:00.0000000+00:00',
    }));
    assert.deepEqual([event.eventName, event.resourceId], ['referral-updated', 'abc']);
  });

  it('prefers the exact PascalCase key when both casings are present', () => {
    const body = JSON.parse(sampleText('webhook-event-referral-updated.json')) as Record<string, unknown>;
    const event = parsePartnerCenterEvent(JSON.stringify({ ...body, eventName: 'referral-created' }));
    assert.equal(event.eventName, 'referral-updated');
  });

  it('tolerates a UTF-8 byte-order mark', () => {
    assert.equal(parsePartnerCenterEvent(`\uFEFF${sampleText('webhook-event-referral-created.json')}`).eventName, 'referral-created');
  });

  it('takes the id from the last segment whatever the host and path (reference §6.4), percent-decoded, ignoring query and trailing slash', () => {
    assert.equal(resourceIdFromUri('https://api.partner.microsoft.com/v1.0/engagements/referrals/abc-123'), 'abc-123');
    assert.equal(resourceIdFromUri('https://api.partnercenter.microsoft.com/engagements/v1/referrals/abc%20def/?x=1#y'), 'abc def');
    assert.equal(resourceIdFromUri('https://host/'), undefined);
    assert.equal(resourceIdFromUri('referrals/abc'), undefined);
  });

  it('classifies the five documented events as known', () => {
    assert.deepEqual([...KNOWN_PARTNER_CENTER_EVENTS].filter(isKnownPartnerCenterEvent).length, 5);
    assert.equal(isKnownPartnerCenterEvent('invoice-ready'), false);
  });

  describe('bodies that are not events', () => {
    const valid = JSON.parse(sampleText('webhook-event-referral-updated.json')) as Record<string, unknown>;
    const without = (key: string): string => JSON.stringify(Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key)));

    it('not JSON', () => refusedOn('body', '{"EventName":'));
    it('a JSON array', () => refusedOn('body', '[]'));
    it('JSON null', () => refusedOn('body', 'null'));
    it('no EventName', () => refusedOn('EventName', without('EventName')));
    it('no ResourceUri', () => refusedOn('ResourceUri', without('ResourceUri')));
    it('no ResourceName', () => refusedOn('ResourceName', without('ResourceName')));
    it('no ResourceChangeUtcDate', () => refusedOn('ResourceChangeUtcDate', without('ResourceChangeUtcDate')));
    it('EventName not a string', () => refusedOn('EventName', JSON.stringify({ ...valid, EventName: 42 })));
    it('a relative ResourceUri', () => refusedOn('ResourceUri', JSON.stringify({ ...valid, ResourceUri: 'referrals/abc' })));
    it('a ResourceChangeUtcDate that is not a date-time', () => refusedOn('ResourceChangeUtcDate', JSON.stringify({ ...valid, ResourceChangeUtcDate: 'yesterday' })));
  });
});
