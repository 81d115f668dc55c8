import assert from 'node:assert/strict';
import { draft04ToAjv } from '../../scripts/connector-validate/draft-04-to-ajv.js';
import { jsonPath, localRefSegments, pointerSegments } from '../../scripts/connector-validate/json-path.js';
import { parseJsonc, stripJsonComments } from '../../scripts/connector-validate/jsonc.js';

describe('connector validator plumbing', () => {
  describe('JSONC', () => {
    it('drops // comments', () => {
      assert.deepEqual(parseJsonc('{\n  "a": 1 // one\n}'), { a: 1 });
    });

    it('keeps // inside strings', () => {
      assert.deepEqual(parseJsonc('{ "url": "https://example.com/x" }'), { url: 'https://example.com/x' });
    });

    it('keeps escaped quotes inside strings', () => {
      assert.deepEqual(parseJsonc('{ "s": "say \\"hi\\" // not a comment" }'), { s: 'say "hi" // not a comment' });
    });

    it('drops /* */ comments and keeps line breaks', () => {
      assert.equal(stripJsonComments('1 /* a\nb */ 2'), '1     \n     2');
    });
  });

  describe('draft-04 to Ajv', () => {
    it('renames the id keyword to $id', () => {
      assert.deepEqual(draft04ToAjv({ id: 'http://x/s#', type: 'object' }), { $id: 'http://x/s#', type: 'object' });
    });

    it('leaves a property called id alone', () => {
      assert.deepEqual(draft04ToAjv({ properties: { id: { type: 'string' } } }), { properties: { id: { type: 'string' } } });
    });

    it('turns a boolean exclusiveMinimum into a number', () => {
      assert.deepEqual(draft04ToAjv({ minimum: 0, exclusiveMinimum: true }), { exclusiveMinimum: 0 });
    });

    it('drops a false exclusiveMaximum', () => {
      assert.deepEqual(draft04ToAjv({ maximum: 5, exclusiveMaximum: false }), { maximum: 5 });
    });

    it('drops keywords next to $ref, as draft-04 ignores them', () => {
      assert.deepEqual(draft04ToAjv({ $ref: '#/definitions/a', type: 'string' }), { $ref: '#/definitions/a' });
    });

    it('rewrites nested schemas', () => {
      assert.deepEqual(draft04ToAjv({ items: [{ $schema: 'x', id: 'a' }], definitions: { d: { not: { id: 'b' } } } }), {
        items: [{ $id: 'a' }],
        definitions: { d: { not: { $id: 'b' } } },
      });
    });
  });

  describe('JSONPath', () => {
    it('writes identifiers with dots and other keys in brackets', () => {
      assert.equal(jsonPath(['paths', '/v1/x', 'get', 'parameters', 0, 'x-ms-summary']), "$.paths['/v1/x'].get.parameters[0]['x-ms-summary']");
    });

    it('reads JSON Pointers with escapes', () => {
      assert.deepEqual(pointerSegments('/paths/~1v1~1x/get/parameters/0'), ['paths', '/v1/x', 'get', 'parameters', 0]);
    });

    it('reads document-local $refs only', () => {
      assert.deepEqual([localRefSegments('#/definitions/Deal'), localRefSegments('other.json#/x')], [['definitions', 'Deal'], undefined]);
    });
  });
});
