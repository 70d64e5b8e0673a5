import { describe, expect, it } from "vitest";
import { appendAll, maxOf, minOf } from "../../../src/util/extremes.js";

describe("maxOf, minOf, appendAll", () => {
  it("give the extremes of a mapped list, -Infinity / Infinity when it is empty", () => {
    const items = [{ d: 3 }, { d: -7 }, { d: 12 }, { d: 0 }];
    expect(maxOf(items, (i) => i.d)).toBe(12);
    expect(minOf(items, (i) => i.d)).toBe(-7);
    expect(maxOf([], (i: number) => i)).toBe(-Infinity);
    expect(minOf([], (i: number) => i)).toBe(Infinity);
  });

  it("take lists far longer than a call takes arguments (where Math.max(...list) and push(...list) throw)", () => {
    const many = Array.from({ length: 500_000 }, (_, i) => (i * 7919) % 500_009);
    expect(maxOf(many, (x) => x)).toBe(many.reduce((a, b) => Math.max(a, b)));
    expect(minOf(many, (x) => x)).toBe(0);
    const list = [1, 2];
    appendAll(list, many);
    expect(list.length).toBe(500_002);
    expect(list[2]).toBe(many[0]);
    expect(list.at(-1)).toBe(many.at(-1));
  });
});
