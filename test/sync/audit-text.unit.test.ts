import assert from 'node:assert/strict';
import { auditFieldText, stripMark, withMark } from '../../api/domain/sync/index.js';

describe('sync: audit field and name mark', () => {
  it('marks a name once, replacing an earlier mark', () => {
    assert.equal(withMark('Contoso deal', true), 'Contoso deal ✔');
    assert.equal(withMark('Contoso deal ✔', false), 'Contoso deal ✖');
    assert.equal(stripMark('Contoso deal ✖'), 'Contoso deal');
    assert.equal(stripMark('Deal ✔ phase 2'), 'Deal ✔ phase 2');
  });

  it('keeps the name within the field length', () => {
    assert.equal(withMark('x'.repeat(200), true).length, 120);
  });

  it('lists entries newest first, whole lines only, within the size', () => {
    const entries = Array.from({ length: 10 }, (_, i) => ({ at: `2026-11-0${i % 9 + 1}T10:00:00.000Z`, action: i === 0 ? 'failed' : 'updated', direction: 'toCrm', message: `entry ${i}`, fields: [{ field: 'Amount', from: i, to: i + 1 }] }));
    const text = auditFieldText(entries, 200);
    const lines = text.split('\n');
    assert.ok(text.length <= 200);
    assert.match(lines[0]!, /^2026-11-01 10:00:00 UTC ✖ entry 0 \[Amount: 0 → 1\]$/);
    assert.ok(lines.every((l) => /entry \d/.test(l)));
    assert.ok(lines.length < 10);
  });
});
