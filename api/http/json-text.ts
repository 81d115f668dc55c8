/**
 * A response body that is already JSON text (e.g. a page assembled from stored JSON). Handlers return
 * it typed as the contract's body; the router sends the text as is instead of serializing again.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

export function jsonText<T>(text: string): T {
  return new JsonText(text) as unknown as T;
}
