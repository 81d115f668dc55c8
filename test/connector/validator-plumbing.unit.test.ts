import assert from 'node:assert/strict';
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
