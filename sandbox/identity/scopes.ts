import { entraErrors } from './entra-errors.js';

/** Scopes Entra treats as OpenID Connect requests rather than permissions on a resource. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
/** Entra maps a bare permission (`User.Read`) to Microsoft Graph. */
const GRAPH = 'https://graph.microsoft.com';
const DEFAULT = '.default';

export interface RequestedScopes {
  /** Application ID URI of the one resource the token is for, e.g. `api://cosell-connector`. */
  resource: string;
  /** Named permissions; empty when `/.default` was asked for. */
  permissions: string[];
  isDefault: boolean;
  oidc: Set<string>;
  /** Every resource scope as requested, e.g. `https://api.partner.microsoft.com/.default`. */
  requested: string[];
}

function split(scope: string): { resource: string; permission: string } {
  const slash = scope.lastIndexOf('/');
  return slash < 0 ? { resource: GRAPH, permission: scope } : { resource: scope.slice(0, slash), permission: scope.slice(slash + 1) };
}

export function scopeList(raw: string): string[] {
  return raw.split(/\s+/).filter((s) => s !== '');
}

/** Client credentials take exactly one scope, `<resource>/.default` (AADSTS1002012 otherwise). */
export function parseClientCredentialsScope(raw: string): RequestedScopes {
  const scopes = scopeList(raw);
  const first = scopes[0] ?? raw;
  const bad = scopes.find((s) => !s.endsWith(`/${DEFAULT}`));
  if (scopes.length !== 1 || bad !== undefined) throw entraErrors.clientCredentialsScope(bad ?? first);
  const { resource } = split(first);
  if (resource === '') throw entraErrors.clientCredentialsScope(first);
  return { resource, permissions: [], isDefault: true, oidc: new Set(), requested: [first] };
}

/** Delegated grants: OIDC scopes plus permissions on one resource, either named or `/.default`. */
export function parseDelegatedScope(raw: string): RequestedScopes {
  const scopes = scopeList(raw);
  const oidc = new Set(scopes.filter((s) => OIDC_SCOPES.has(s)));
  const requested = scopes.filter((s) => !OIDC_SCOPES.has(s));
  if (requested.length === 0) {
    // Only OIDC scopes: Entra issues a Graph token for the signed-in user.
    return { resource: GRAPH, permissions: ['User.Read'], isDefault: false, oidc, requested: [] };
  }
  const parts = requested.map(split);
  const resource = parts[0]?.resource ?? GRAPH;
  const other = requested.find((_, i) => parts[i]?.resource !== resource);
  if (other !== undefined) throw entraErrors.moreThanOneResource(other);
  const permissions = parts.map((p) => p.permission);
  const empty = requested.find((_, i) => parts[i]?.permission === '' || parts[i]?.resource === '');
  if (empty !== undefined) throw entraErrors.invalidScope(empty);
  const isDefault = permissions.includes(DEFAULT);
  if (isDefault && permissions.length > 1) throw entraErrors.invalidScope(requested.join(' '));
  return { resource, permissions: isDefault ? [] : permissions, isDefault, oidc, requested };
}
