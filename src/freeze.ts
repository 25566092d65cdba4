// Read-only values for what many turns share: a remembered search response, a remembered card. One caller
// changing a shared value would change the next person's answer; frozen, it cannot.

/** Makes `value` and everything reachable from it read-only; returns it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
