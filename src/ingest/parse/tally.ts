/**
 * A column-wide vote: how many values support each reading (decimal "," or ".", day-first
 * or month-first), with the first example of each for the user-facing explanation.
 */
export interface Tally<K extends string> {
  /** Records one value and the reading it supports (null: no evidence). */
  add(reading: K | null, text: string): void;
  count(reading: K): number;
  example(reading: K): string;
  /** How many values were seen in all. */
  readonly values: number;
}

export function createTally<K extends string>(): Tally<K> {
  const counts = new Map<K, number>();
  const examples = new Map<K, string>();
  let values = 0;
  return {
    add(reading, text) {
      values++;
      if (reading === null) return;
      counts.set(reading, (counts.get(reading) ?? 0) + 1);
      if (!examples.has(reading)) examples.set(reading, text.trim());
    },
    count: (reading) => counts.get(reading) ?? 0,
    example: (reading) => examples.get(reading) ?? "",
    get values() {
      return values;
    },
  };
}

/** "1 value", "3 values". */
export function plural(k: number): string {
  return k === 1 ? "1 value" : `${k} values`;
}
