/** A `DescribeObject` over a jsforce connection, for the command's `--check` (the sync passes its gateway's describe). */
import type { Connection } from '@jsforce/jsforce-node';
import type { DescribeObject } from './required-schema.js';

export function describeThrough(conn: Pick<Connection, 'describe'>): DescribeObject {
  return async (object) => {
    try {
      const result = await conn.describe(object);
      return { fields: result.fields.map((f) => f.name) };
    } catch (error) {
      // An object the org lacks answers 404 NOT_FOUND; anything else is a real failure.
      if ((error as { errorCode?: unknown }).errorCode === 'NOT_FOUND') return undefined;
      throw error;
    }
  };
}
