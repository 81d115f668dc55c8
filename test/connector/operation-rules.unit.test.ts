import assert from 'node:assert/strict';
import { checkNoBodyOnGet, checkOperationDescriptions, checkOperationIds, checkOperationSummaries, checkPageable } from '../../scripts/connector-validate/rules/operation-rules.js';
import { assertFinds, minimalSwagger, withValue, without } from './fixtures.js';

const GET = ['paths', '/deals/{dealId}', 'get'] as const;
const AT = "$.paths['/deals/{dealId}'].get";
const set = (key: string, value: unknown): ReturnType<typeof minimalSwagger> => withValue(minimalSwagger(), [...GET, key], value);

/** minimalSwagger with a paged list operation whose 200 schema has the given properties. */
function pagedSwagger(nextLinkName: string, properties: Record<string, unknown>): ReturnType<typeof minimalSwagger> {
  return withValue(minimalSwagger(), ['paths', '/deals'], {
    get: {
      operationId: 'ListDeals',
      summary: 'List deals',
      description: 'Lists deals, one page at a time.',
      'x-ms-pageable': { nextLinkName },
      responses: { '200': { description: 'A page of deals.', schema: { type: 'object', properties } } },
    },
  });
}

describe('connector operation rules', () => {
  it('accept the minimal connector', () => {
    const doc = minimalSwagger();
    assert.deepEqual([...checkOperationIds(doc), ...checkOperationSummaries(doc), ...checkOperationDescriptions(doc), ...checkNoBodyOnGet(doc), ...checkPageable(doc)], []);
  });

  it('reject an operation without operationId', () => {
    assertFinds(checkOperationIds(without(minimalSwagger(), [...GET, 'operationId'])), 'OperationIdRequired', `${AT}.operationId`);
  });

  it('reject an operationId that is not PascalCase', () => {
    assertFinds(checkOperationIds(set('operationId', 'getDeal')), 'OperationIdNotPascalCase', `${AT}.operationId`);
  });

  it("reject an operationId with '-' or '_'", () => {
    assertFinds(checkOperationIds(set('operationId', 'Get_Deal')), 'OperationIdSanitized', `${AT}.operationId`);
  });

  it('reject an operationId used twice', () => {
    const doc = withValue(minimalSwagger(), ['paths', '/deals/{dealId}', 'delete'], { operationId: 'GetDeal', responses: {} });
    assertFinds(checkOperationIds(doc), 'OperationIdNotUnique', "$.paths['/deals/{dealId}'].delete.operationId");
  });

  it('reject an operation without summary', () => {
    assertFinds(checkOperationSummaries(without(minimalSwagger(), [...GET, 'summary'])), 'OperationSummaryMissing', `${AT}.summary`);
  });

  it('reject a summary over 80 characters', () => {
    assertFinds(checkOperationSummaries(set('summary', `Get a deal ${'and more '.repeat(10)}now`)), 'OperationSummaryTooLong', `${AT}.summary`);
  });

  it('reject a summary with characters other than letters, digits, spaces and parentheses', () => {
    assertFinds(checkOperationSummaries(set('summary', 'Get a co-sell deal')), 'RestrictedCharactersInSummary', `${AT}.summary`);
  });

  it('reject a summary ending with punctuation', () => {
    assertFinds(checkOperationSummaries(set('summary', 'Get a deal.')), 'ValueMustEndWithAlphanumeric', `${AT}.summary`);
  });

  it('accept a summary ending with a parenthesis', () => {
    assert.deepEqual(checkOperationSummaries(set('summary', 'Get a deal (preview)')), []);
  });

  it('reject a summary that repeats the description', () => {
    assertFinds(checkOperationSummaries(set('summary', 'Gets one deal by its identifier')), 'SummaryEqualsDescription', `${AT}.summary`);
  });

  it('reject an operation without description', () => {
    assertFinds(checkOperationDescriptions(without(minimalSwagger(), [...GET, 'description'])), 'OperationDescriptionMissing', `${AT}.description`);
  });

  it('reject a description without final punctuation', () => {
    assertFinds(checkOperationDescriptions(set('description', 'Gets one deal by its identifier')), 'DescriptionMustBeSentence', `${AT}.description`);
  });

  it('reject a description that does not start a sentence', () => {
    assertFinds(checkOperationDescriptions(set('description', 'gets one deal by its identifier.')), 'DescriptionMustBeSentence', `${AT}.description`);
  });

  it('reject a body parameter on GET', () => {
    const doc = withValue(minimalSwagger(), [...GET, 'parameters', 1], { name: 'body', in: 'body', schema: { type: 'object' } });
    assertFinds(checkNoBodyOnGet(doc), 'BodyOrFormDataParameterInFetchOperationNotAllowed', `${AT}.parameters[1]`);
  });

  it('reject a formData parameter on GET', () => {
    const doc = withValue(minimalSwagger(), [...GET, 'parameters', 1], { name: 'note', in: 'formData', type: 'string' });
    assertFinds(checkNoBodyOnGet(doc), 'BodyOrFormDataParameterInFetchOperationNotAllowed', `${AT}.parameters[1]`);
  });

  it('reject a nextLinkName other than nextLink or @odata.nextLink', () => {
    assertFinds(checkPageable(pagedSwagger('next', { next: { type: 'string' } })), 'PageableNextLinkNameNotValid', "$.paths['/deals'].get['x-ms-pageable'].nextLinkName");
  });

  it('accept @odata.nextLink when the response has it', () => {
    assert.deepEqual(checkPageable(pagedSwagger('@odata.nextLink', { '@odata.nextLink': { type: 'string' } })), []);
  });

  it('reject a nextLinkName the success response does not have', () => {
    assertFinds(checkPageable(pagedSwagger('nextLink', { value: { type: 'array' } })), 'PageableNextLinkPropertyMissing', "$.paths['/deals'].get['x-ms-pageable'].nextLinkName");
  });
});
