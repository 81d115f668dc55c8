import { openapi } from '../../contract/index.js';

/** What the contract says about one leaf of the referral. */
export interface PathInfo {
  type: 'string' | 'number' | 'integer' | 'boolean';
  format?: string;
  enum?: readonly string[];
}

type SchemaNode = Record<string, unknown>;

/**
 * Every leaf path of the contract's Referral, read from the contract at load time so a new contract
 * field is mappable without touching this code. Lists appear as `[]` (`customerProfile.team[].email`).
 */
export const REFERRAL_PATHS: ReadonlyMap<string, PathInfo> = collectPaths(openapi.components.schemas);

function collectPaths(schemas: Record<string, SchemaNode>): Map<string, PathInfo> {
  const out = new Map<string, PathInfo>();
  const resolve = (node: SchemaNode): SchemaNode => {
    const ref = node.$ref;
    return typeof ref === 'string' ? schemas[ref.replace('#/components/schemas/', '')] ?? {} : node;
  };
  const walk = (raw: SchemaNode, prefix: string, depth: number): void => {
    const node = resolve(raw);
    if (depth > 6) return; // the contract has no recursion; this only guards against a future one
    if (node.type === 'array' && node.items !== undefined) { walk(node.items as SchemaNode, `${prefix}[]`, depth + 1); return; }
    const props = node.properties as Record<string, SchemaNode> | undefined;
    if (props !== undefined) {
      for (const [key, child] of Object.entries(props)) walk(child, prefix === '' ? key : `${prefix}.${key}`, depth + 1);
      return;
    }
    const type = node.type;
    if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') {
      out.set(prefix, {
        type,
        ...(typeof node.format === 'string' ? { format: node.format } : {}),
        ...(Array.isArray(node.enum) ? { enum: node.enum as string[] } : {}),
      });
    }
  };
  walk(schemas.Referral ?? {}, '', 0);
  return out;
}

/** `customerProfile.team[0].email` and `customerProfile.team[].email` name the same contract leaf. */
export function contractPath(path: string): string {
  return path.replace(/\[0\]/g, '[]');
}

/** Partner Center sets these; a mapping may copy them to the CRM but never write them back. */
export const READ_ONLY_PATHS: ReadonlySet<string> = new Set([
  'id', 'eTag', 'engagementId', 'organizationId', 'organizationName', 'category', 'microsoftCoSell', 'direction', 'type', 'qualification',
  'createdDateTime', 'updatedDateTime', 'expirationDateTime', 'acceptedDateTime', 'closedDateTime',
  'trackingInfo.microsoftMsxId', 'inviteContext.invitedBy.organizationId', 'inviteContext.invitedBy.organizationName',
]);

/** The stage mapping owns these; a field entry may not map them. */
export const STAGE_PATHS: ReadonlySet<string> = new Set(['status', 'substatus']);

/** A list path and the item path inside it: `customerProfile.team[].email` → [`customerProfile.team`, `email`]. */
export function splitListPath(path: string): { list: string; item: string } | undefined {
  const at = path.indexOf('[]');
  if (at < 0) return undefined;
  return { list: path.slice(0, at), item: path.slice(at + 3) };
}

/** Reads a dotted path; `[0]` takes the first item of a list. */
export function getPath(root: unknown, path: string): unknown {
  let node: unknown = root;
  for (const part of segments(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = part === 0 ? (Array.isArray(node) ? node[0] : undefined) : (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Writes a dotted path into a plain object, creating objects and a first list item on the way. */
export function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const parts = segments(path);
  let node: Record<string, unknown> | unknown[] = root;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const next = parts[i + 1];
    const key = part === 0 ? 0 : part;
    const holder = node as Record<string | number, unknown>;
    if (last) { holder[key] = value; return; }
    if (holder[key] === undefined || holder[key] === null || typeof holder[key] !== 'object') holder[key] = next === 0 ? [] : {};
    node = holder[key] as Record<string, unknown> | unknown[];
  });
}

function segments(path: string): Array<string | 0> {
  const out: Array<string | 0> = [];
  for (const dotted of path.split('.')) {
    const m = /^([^[]*)((?:\[0\])*)$/.exec(dotted);
    if (m === null) { out.push(dotted); continue; }
    if (m[1] !== undefined && m[1] !== '') out.push(m[1]);
    for (let n = (m[2] ?? '').length / 3; n > 0; n--) out.push(0);
  }
  return out;
}
