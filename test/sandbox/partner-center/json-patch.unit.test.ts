import assert from 'node:assert/strict';
import { PartnerCenterError } from '../../../sandbox/partner-center/errors.js';
import { applyPatch, parsePatch } from '../../../sandbox/partner-center/json-patch.js';
import { escapeToken, parsePointer } from '../../../sandbox/partner-center/json-pointer.js';

describe('partner center emulator: JSON Pointer and JSON Patch', () => {
  it('parses pointers per RFC 6901', () => {
    assert.deepEqual(parsePointer(''), []);
    assert.deepEqual(parsePointer('/'), ['']);
    assert.deepEqual(parsePointer('/a~1b/c~0d/~01'), ['a/b', 'c~d', '~1']);
  });

  it('escapes tokens so they parse back', () => {
    assert.deepEqual(parsePointer(`/${escapeToken('a/~b')}`), ['a/~b']);
  });

  it('treats op names case-insensitively, as the .NET implementation does', () => {
    assert.equal(parsePatch([{ op: 'Replace', path: '/name', value: 'x' }], [])[0]?.op, 'replace');
  });

  it('applies to a copy and leaves the original untouched', () => {
    const original = { name: 'a', team: [] as unknown[] };
    const patched = applyPatch(original, parsePatch([{ op: 'add', path: '/team/-', value: { email: 'x' } }, { op: 'replace', path: '/name', value: 'b' }], []));
    assert.deepEqual(patched, { name: 'b', team: [{ email: 'x' }] });
    assert.deepEqual(original, { name: 'a', team: [] });
  });

  it('keeps a __proto__ token as data, never as a prototype', () => {
    const patched = applyPatch<Record<string, unknown>>({}, parsePatch([{ op: 'add', path: '/__proto__', value: { polluted: true } }], []));
    assert.equal(Object.getPrototypeOf(patched), Object.prototype);
    assert.deepEqual(Object.keys(patched), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('does not alias a value added twice', () => {
    const value = { email: 'x' };
    const patched = applyPatch({ team: [] as Array<{ email: string }> }, parsePatch([{ op: 'add', path: '/team/-', value }, { op: 'add', path: '/team/-', value }], []));
    patched.team[0]!.email = 'changed';
    assert.equal(patched.team[1]?.email, 'x');
  });

  it('refuses to replace the whole document', () => {
    assert.throws(() => parsePatch([{ op: 'replace', path: '', value: {} }], []), PartnerCenterError);
  });
});
