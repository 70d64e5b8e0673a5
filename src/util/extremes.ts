/**
 * The largest and smallest of `f(item)` over a list, by a loop. `Math.max(...list)` passes
 * every element as an argument and overflows the call stack past about 100k of them (a key
 * account's open invoices, a FEC's opening entry with a line per customer account).
 */
export function maxOf<T>(items: readonly T[], f: (item: T) => number): number {
  let max = -Infinity;
  for (const item of items) {
    const v = f(item);
    if (v > max) max = v;
  }
  return max;
}

export function minOf<T>(items: readonly T[], f: (item: T) => number): number {
  let min = Infinity;
  for (const item of items) {
    const v = f(item);
    if (v < min) min = v;
  }
  return min;
}

/** Appends `more` to `list` by a loop: `list.push(...more)` overflows the call stack past about 100k elements. */
export function appendAll<T>(list: T[], more: readonly T[]): void {
  for (const item of more) list.push(item);
}
