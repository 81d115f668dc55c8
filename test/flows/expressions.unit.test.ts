import assert from 'node:assert/strict';
import { expressionsInString, referencesIn } from '../../solution/flow-lint/expressions.js';

describe('flow expressions', () => {
  it('reads a whole-string expression, interpolations and the @@ escape', () => {
    assert.deepEqual(expressionsInString("@body('A')"), ["body('A')"]);
    assert.deepEqual(expressionsInString("id @{outputs('B')?['id']} at @{utcNow()}"), ["outputs('B')?['id']", 'utcNow()']);
    assert.deepEqual(expressionsInString("@@body('A')"), []);
    assert.deepEqual(expressionsInString('plain text'), []);
  });

  it('names each reference, undoing doubled quotes, and does not mistake triggerBody for body', () => {
    assert.deepEqual(referencesIn("coalesce(body('It''s'), triggerBody()?['x'], items('Each'), parameters('P (s_P)'))"), [
      { kind: 'body', name: "It's" },
      { kind: 'items', name: 'Each' },
      { kind: 'parameters', name: 'P (s_P)' },
      { kind: 'triggerBody' },
    ]);
  });
});
