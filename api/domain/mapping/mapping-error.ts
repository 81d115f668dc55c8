/** One problem in a mapping file, at a JSON pointer into that file (`/fields/3/direction`). */
export interface MappingProblem {
  key: string;
  message: string;
}

/** A mapping file that cannot be used, with every problem found, not just the first. */
export class MappingError extends Error {
  constructor(readonly problems: MappingProblem[]) {
    super(`The field mapping is invalid: ${problems.map((p) => `${p.key || '/'}: ${p.message}`).join('; ')}`);
    this.name = 'MappingError';
  }
}
