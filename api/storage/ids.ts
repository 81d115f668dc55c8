/**
 * Inbox events and deliveries are keyed by a database sequence (insertion order, cheap keyset paging),
 * exposed as decimal strings. Anything else (a URL segment, a guess) matches no row rather than
 * reaching PostgreSQL's bigint parser and failing there.
 */
export function sequenceId(id: string): string | undefined {
  return /^[1-9]\d{0,17}$/.test(id) ? id : undefined;
}
