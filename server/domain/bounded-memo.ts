/**
 * A cache of work repeated at every tap (a badge's signature, a token's hash, a need's kind):
 * `remember(key, compute)` gives what `compute()` gave for that key before, else computes and
 * keeps it, forgetting the oldest once `limit` are kept, so keys sent in bulk (forged badges,
 * made-up tokens) cannot grow memory without end.
 */
export function boundedMemo<V>(limit: number): (key: string, compute: () => V) => V {
  const known = new Map<string, V>();
  return (key, compute) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute();
      if (known.size >= limit) known.delete(known.keys().next().value!);
      known.set(key, value);
    }
    return value;
  };
}
