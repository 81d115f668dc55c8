import assert from 'node:assert/strict';
import {
  PartnerCenterBadRequestError, PartnerCenterNotFoundError, PartnerCenterPreconditionFailedError, PartnerCenterThrottledError,
  PartnerCenterUnavailableError, errorFromResponse,
} from '../../api/partner-center/errors.js';
import { readSample } from '../helpers/shared.js';

const hdr = (h: Record<string, string> = {}) => (name: string) => new Headers(h).get(name) ?? undefined;

describe('Partner Center error bodies', () => {
  it('maps the documented 412 body to a typed error with its inner code', () => {
    const err = errorFromResponse(412, hdr(), JSON.stringify(readSample('error-412-etag-mismatch.json')));
    assert.ok(err instanceof PartnerCenterPreconditionFailedError);
    assert.equal(err.code, 'preconditionFailed');
    assert.equal(err.target, 'ETag');
    assert.equal(err.innerCode, '99918');
  });
  it('maps the documented error envelope', () => {
    const err = errorFromResponse(404, hdr({ 'request-id': 'r-1' }), JSON.stringify(readSample('error-partner-rest-api-example.json')));
    assert.ok(err instanceof PartnerCenterNotFoundError);
    assert.equal(err.code, 'unAuthorized');
    assert.equal(err.requestId, 'r-1');
  });
  it('maps the general API\'s 429 body and its Retry-After', () => {
    const err = errorFromResponse(429, hdr({ 'Retry-After': '57' }), JSON.stringify(readSample('error-429-throttling-partnercenter-api.json')));
    assert.ok(err instanceof PartnerCenterThrottledError);
    assert.equal(err.retryAfterSeconds, 57);
    assert.match(err.message, /Rate limit is exceeded/);
  });
  it('keeps a non-JSON body as a bounded message', () => {
    const err = errorFromResponse(503, hdr(), 'x'.repeat(5000));
    assert.ok(err instanceof PartnerCenterUnavailableError);
    assert.ok(err.message.length < 1100);
  });
  it('maps 400 to a bad request', () => {
    assert.ok(errorFromResponse(400, hdr(), '{"error":{"code":"invalidRequest","message":"bad"}}') instanceof PartnerCenterBadRequestError);
  });
});
