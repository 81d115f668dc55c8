import assert from 'node:assert/strict';
import { create, startDataverse, type RunningDataverse } from './emulator-server.js';

interface Part { method: string; url: string; body?: unknown; contentId?: string; headers?: Record<string, string> }

function httpPart(p: Part): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (p.contentId) lines.push(`Content-ID: ${p.contentId}`);
  lines.push('', `${p.method} ${p.url} HTTP/1.1`);
  if (p.body !== undefined) lines.push('Content-Type: application/json; type=entry');
  for (const [k, v] of Object.entries(p.headers ?? {})) lines.push(`${k}: ${v}`);
  lines.push('', p.body === undefined ? '' : JSON.stringify(p.body));
  return lines.join('\r\n');
}

function batchBody(items: Array<Part | Part[]>): string {
  const out: string[] = [];
  items.forEach((item, i) => {
    out.push('--batch_AAA');
    if (Array.isArray(item)) {
      out.push(`Content-Type: multipart/mixed; boundary=changeset_${i}`, '');
      for (const p of item) out.push(`--changeset_${i}`, httpPart(p));
      out.push(`--changeset_${i}--`);
    } else {
      out.push(httpPart(item));
    }
  });
  out.push('--batch_AAA--', '');
  return out.join('\r\n');
}

/** Status lines of the response parts, in order (change-set parts included). */
function statuses(text: string): number[] {
  return [...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
}

describe('dataverse emulator: $batch', () => {
  let dv: RunningDataverse;
  before(async () => { dv = await startDataverse(); });
  after(() => dv.close());

  const send = (items: Array<Part | Part[]>, prefer?: string) => dv.call('$batch', {
    method: 'POST', body: batchBody(items),
    headers: { 'content-type': 'multipart/mixed; boundary="batch_AAA"', ...(prefer ? { Prefer: prefer } : {}) },
  });

  it('runs independent requests and a change set; answers 200 multipart with each part status and Content-ID', async () => {
    const api = '/sandbox/dataverse/api/data/v9.2';
    const res = await send([
      { method: 'POST', url: `${api}/accounts`, body: { name: 'Batch A' } },
      [
        { method: 'POST', url: `${api}/accounts`, body: { name: 'Batch parent' }, contentId: '1' },
        { method: 'POST', url: `${dv.api}/contacts`, body: { lastname: 'Batch child', 'parentcustomerid_account@odata.bind': '$1' }, contentId: '2' },
        { method: 'PATCH', url: '$1', body: { description: 'patched via $1' }, contentId: '3' },
      ],
      { method: 'GET', url: "accounts?$select=name&$filter=name eq 'Batch A'" },
    ]);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^multipart\/mixed; boundary=batchresponse_/);
    const text = await res.text();
    assert.deepEqual(statuses(text), [204, 204, 204, 204, 200]);
    assert.match(text, /Content-Type: multipart\/mixed; boundary=changesetresponse_/);
    assert.match(text, /Content-ID: 2\r\n\r\nHTTP\/1\.1 204 No Content/);
    assert.match(text, /"name":"Batch A"/);
    const parent = [...dv.emulator.store.rows('account')].find((r) => r.name === 'Batch parent')!;
    assert.equal(parent.description, 'patched via $1');
    const child = [...dv.emulator.store.rows('contact')].find((r) => r.lastname === 'Batch child')!;
    assert.deepEqual(child.parentcustomerid, { id: parent.accountid, logicalName: 'account' });
  });

  it('a failing part rolls its whole change set back; the batch stops and answers 400 with the error', async () => {
    const before = dv.emulator.store.count('opportunity');
    const res = await send([
      [
        { method: 'POST', url: 'opportunities', body: { name: 'rolled back 1' }, contentId: '1' },
        { method: 'POST', url: 'opportunities', body: { name: 'rolled back 2', stepname: 'x'.repeat(300) }, contentId: '2' },
      ],
      { method: 'POST', url: 'opportunities', body: { name: 'never runs' } },
    ]);
    assert.equal(res.status, 400);
    const text = await res.text();
    assert.deepEqual(statuses(text), [400]);
    assert.match(text, /"code":"0x80044331"/);
    assert.equal(dv.emulator.store.count('opportunity'), before);
  });

  it('with Prefer: odata.continue-on-error the batch goes on and answers 200; the failed change set still rolls back', async () => {
    const before = dv.emulator.store.count('opportunity');
    const res = await send([
      [
        { method: 'POST', url: 'opportunities', body: { name: 'cs ok' } },
        { method: 'PATCH', url: 'opportunities(00000000-0000-0000-0000-000000000001)', headers: { 'If-Match': '*' }, body: { name: 'missing' } },
      ],
      { method: 'POST', url: 'opportunities', body: { name: 'after the failure' } },
    ], 'odata.continue-on-error');
    assert.equal(res.status, 200);
    assert.deepEqual(statuses(await res.text()), [404, 204]);
    assert.equal(dv.emulator.store.count('opportunity'), before + 1);
  });

  it('a GET inside a change set is refused', async () => {
    const res = await send([[{ method: 'GET', url: 'accounts' }]]);
    assert.equal(res.status, 400);
    assert.deepEqual(statuses(await res.text()), [400]);
  });

  it('upserts by alternate key inside a change set are atomic too', async () => {
    await create(dv, 'opportunities', { name: 'existing', msp_referralidentifier: 'B-1' });
    const res = await send([[
      { method: 'PATCH', url: "opportunities(msp_referralidentifier='B-1')", body: { name: 'changed' } },
      { method: 'PATCH', url: "opportunities(msp_referralidentifier='B-2')", headers: { 'If-None-Match': '*' }, body: { name: 'new' } },
      { method: 'PATCH', url: "opportunities(msp_referralidentifier='B-1')", headers: { 'If-None-Match': '*' }, body: { name: 'conflict' } },
    ]]);
    assert.equal(res.status, 400);
    assert.deepEqual(statuses(await res.text()), [412]);
    const rows = [...dv.emulator.store.rows('opportunity')].filter((r) => typeof r.msp_referralidentifier === 'string' && r.msp_referralidentifier.startsWith('B-'));
    assert.deepEqual(rows.map((r) => r.name), ['existing']);
  });

  it('a body that is not multipart is 400', async () => {
    const res = await dv.call('$batch', { method: 'POST', body: { requests: [] } });
    assert.equal(res.status, 400);
  });
});
