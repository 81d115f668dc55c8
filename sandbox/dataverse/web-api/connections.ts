/**
 * Connections come in pairs: creating one makes Dataverse add the reciprocal (records and roles
 * swapped), both point at each other through `relatedconnectionid`, and the one the caller made is
 * `ismaster`. Changing or deleting either keeps the pair in step.
 */
import type { RecordStore } from '../store/record-store.js';
import type { StoredRecord, WriteContext } from '../store/types.js';

const SWAPPED: ReadonlyArray<[string, string]> = [['record1id', 'record2id'], ['record1roleid', 'record2roleid']];

function mirror(values: StoredRecord): StoredRecord {
  const out: StoredRecord = {};
  for (const [key, value] of Object.entries(values)) {
    const pair = SWAPPED.find(([a, b]) => a === key || b === key);
    out[pair ? (pair[0] === key ? pair[1] : pair[0]) : key] = value;
  }
  return out;
}

export function createReciprocal(store: RecordStore, created: StoredRecord, ctx: WriteContext): void {
  const id = created.connectionid as string;
  const { connectionid: _id, createdon: _c, modifiedon: _m, createdby: _cb, modifiedby: _mb, versionnumber: _v, name: _n, ...values } = created;
  const reciprocal = store.create('connection', { ...mirror(values), ismaster: false, relatedconnectionid: { id, logicalName: 'connection' } }, ctx);
  store.update('connection', id, { ismaster: true, relatedconnectionid: { id: reciprocal.connectionid as string, logicalName: 'connection' } }, ctx);
}

export function updateReciprocal(store: RecordStore, updated: StoredRecord, changes: StoredRecord, ctx: WriteContext): void {
  const related = updated.relatedconnectionid;
  if (related === null || typeof related !== 'object' || !store.get('connection', related.id)) return;
  const { relatedconnectionid: _r, ismaster: _i, ...rest } = changes;
  if (Object.keys(rest).length > 0) store.update('connection', related.id, mirror(rest), ctx);
}
