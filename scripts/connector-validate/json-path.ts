// Findings name the offending place as a JSONPath ($.paths['/v1/referrals'].get.summary), so a
// reader can jump straight to it.

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function jsonPath(segments: readonly PathSegment[]): string {
  let path = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += `.${segment}`;
    else path += `['${segment.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
  }
  return path;
}

/** Splits a JSON Pointer (RFC 6901, as in Ajv's instancePath) into path segments. */
export function pointerSegments(pointer: string): PathSegment[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
}

/** The segments of a document-local $ref such as '#/definitions/Referral', or undefined for other refs. */
export function localRefSegments(ref: string): PathSegment[] | undefined {
  if (!ref.startsWith('#')) return undefined;
  return pointerSegments(decodeURIComponent(ref.slice(1))).map(String);
}
