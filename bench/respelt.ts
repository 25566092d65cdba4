/**
 * The n-th (n >= 1) spelling of a question in mixed case: its letters upper-cased where n has a 1 bit. The
 * search reads it exactly as the plain question (same work), but to the answer cache it is a question
 * nobody asked before.
 */
export function respelt(q: string, n: number): string {
  let bit = 0;
  return q.replace(/[a-z]/gi, (c) => ((n >> bit++) & 1 ? c.toUpperCase() : c.toLowerCase()));
}
