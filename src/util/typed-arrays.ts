/** Growable typed arrays: grown by half again, less slack than doubling at millions of entries. */
export const GROWTH = 1.5;

export type NumberArray = Int32Array | Uint16Array | Uint8Array | Float64Array;

/** A copy of `array` with room for `length` elements. */
export function grown<T extends NumberArray>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array as never);
  return next;
}

/** The index of `value` in a small table kept beside typed arrays (file names, currencies), added when new. */
export function indexIn(list: string[], value: string): number {
  const i = list.indexOf(value);
  return i === -1 ? list.push(value) - 1 : i;
}

/**
 * `array` itself when it holds `length` elements, else a copy that does: room reserved
 * once, from an estimate. The part not yet written costs no memory (the pages of a new
 * buffer are the system's zero pages until touched), so an estimate a bit high is cheap.
 */
export function reserved<T extends NumberArray>(array: T, length: number): T {
  return length <= array.length ? array : grown(array, length);
}

/** `array` itself when it has room for index `i`, else a grown copy. */
export function roomFor<T extends NumberArray>(array: T, i: number): T {
  return i < array.length ? array : grown(array, Math.max(i + 1, Math.ceil(array.length * GROWTH)));
}
