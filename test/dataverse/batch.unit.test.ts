import assert from 'node:assert/strict';
import { boundaryOf, buildBatch, parseBatchResponse } from '../../api/dataverse/batch.js';

const ROOT = 'https://org.crm.dynamics.com/api/data/v9.2';
let n = 0;
const ids = (): string => `b${++n}`;

describe('dataverse $batch bodies (unit)', () => {
  beforeEach(() => { n = 0; });

  it('writes independent requests as application/http parts with CRLF line ends', () => {
    const built = buildBatch([
      { kind: 'request', request: { method: 'POST', url: `${ROOT}/tasks`, body: { subject: 'Task 1' } } },
      { kind: 'request', request: { method: 'DELETE', url: `${ROOT}/tasks(00000000-0000-0000-0000-000000000001)` } },
    ], ids);
    assert.equal(built.contentType, 'multipart/mixed; boundary=batch_b1');
    assert.equal(built.body, [
      '--batch_b1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      `POST ${ROOT}/tasks HTTP/1.1`,
      'Content-Type: application/json; charset=utf-8',
      '',
      '{"subject":"Task 1"}',
      '--batch_b1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      `DELETE ${ROOT}/tasks(00000000-0000-0000-0000-000000000001) HTTP/1.1`,
      '',
      '--batch_b1--',
      '',
    ].join('\r\n'));
  });

  it('nests a change set with Content-IDs numbered across the batch, and request headers', () => {
    const built = buildBatch([
      { kind: 'changeset', requests: [
        { method: 'PATCH', url: `${ROOT}/opportunities(00000000-0000-0000-0000-000000000001)`, headers: { 'If-Match': '*' }, body: { name: 'x' } },
        { method: 'POST', url: `${ROOT}/WinOpportunity`, body: { Status: 3 } },
      ] },
      { kind: 'changeset', requests: [{ method: 'POST', url: `${ROOT}/tasks`, body: {} }] },
    ], ids);
    const lines = built.body.split('\r\n');
    assert.equal(lines[1], 'Content-Type: multipart/mixed; boundary=changeset_b2');
    assert.deepEqual(lines.filter((l) => l.startsWith('Content-ID')), ['Content-ID: 1', 'Content-ID: 2', 'Content-ID: 3']);
    assert.ok(lines.includes('If-Match: *'));
    assert.equal(lines.filter((l) => l === '--changeset_b2--').length, 1);
    assert.equal(lines.at(-2), '--batch_b1--');
  });

  it('reads boundaries quoted or not', () => {
    assert.equal(boundaryOf('multipart/mixed; boundary="batchresponse_1"'), 'batchresponse_1');
    assert.equal(boundaryOf('multipart/mixed;boundary=batchresponse_2'), 'batchresponse_2');
    assert.equal(boundaryOf('application/json'), undefined);
  });

  it('parses a response with a change set and a plain part, as the documentation shows it', () => {
    const body = [
      '--batchresponse_c1bd45c1',
      'Content-Type: multipart/mixed; boundary=changesetresponse_ff83b4f1',
      '',
      '--changesetresponse_ff83b4f1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'HTTP/1.1 204 No Content',
      'OData-Version: 4.0',
      `OData-EntityId: ${ROOT}/tasks(a59c24f3-fafc-e411-80dd-00155d2a68cb)`,
      '',
      '',
      '--changesetresponse_ff83b4f1--',
      '--batchresponse_c1bd45c1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 400 Bad Request',
      'Content-Type: application/json; odata.metadata=minimal',
      'OData-Version: 4.0',
      '',
      '{"error":{"code":"0x80044331","message":"A validation error occurred.  The length of the \'subject\' attribute of the \'task\' entity exceeded the maximum allowed length of \'200\'."}}',
      '--batchresponse_c1bd45c1--',
      '',
    ].join('\r\n');
    const answers = parseBatchResponse('multipart/mixed; boundary=batchresponse_c1bd45c1', body);
    assert.equal(answers.length, 2);
    const [first, second] = answers;
    assert.equal(first?.kind, 'changeset');
    if (first?.kind !== 'changeset') return;
    assert.equal(first.parts.length, 1);
    assert.equal(first.parts[0]?.status, 204);
    assert.equal(first.parts[0]?.contentId, '1');
    assert.equal(first.parts[0]?.headers['odata-entityid'], `${ROOT}/tasks(a59c24f3-fafc-e411-80dd-00155d2a68cb)`);
    assert.equal(second?.kind, 'response');
    if (second?.kind !== 'response') return;
    assert.equal(second.part.status, 400);
    assert.match(second.part.body, /^\{"error":\{"code":"0x80044331"/);
  });

  it('parses LF-only bodies too', () => {
    const body = '--r\nContent-Type: application/http\n\nHTTP/1.1 204 No Content\n\n--r--\n';
    const answers = parseBatchResponse('multipart/mixed; boundary=r', body);
    assert.deepEqual(answers, [{ kind: 'response', part: { status: 204, headers: {}, body: '' } }]);
  });

  it('refuses a part without a status line', () => {
    assert.throws(() => parseBatchResponse('multipart/mixed; boundary=r', '--r\nContent-Type: application/http\n\nnot http\n--r--'), SyntaxError);
  });
});
