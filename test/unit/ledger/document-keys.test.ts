import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DocumentKeys } from "../../../src/ledger/document-keys.js";

describe("DocumentKeys", () => {
  it("numbers pairs in order of arrival, finds them exactly, and tells them apart by customer", () => {
    const keys = new DocumentKeys();
    expect(keys.add("C1", "F1")).toBe(0);
    expect(keys.add("C2", "F1")).toBe(1);
    expect(keys.add("C1", "F1")).toBe(0);
    expect(keys.add("C1", "F10")).toBe(2);
    expect(keys.add("C1", "")).toBe(3);
    expect(keys.size).toBe(4);
    expect(keys.find("C2", "F1")).toBe(1);
    expect(keys.find("C2", "F10")).toBe(-1);
    expect(keys.find("C3", "F1")).toBe(-1);
    expect(keys.find("C1", "F1 ")).toBe(-1);
    expect([keys.customerOf(2), keys.keyOf(2)]).toEqual(["C1", "F10"]);
    expect(keys.keyOf(3)).toBe("");
  });

  it("agrees with a Map of Maps on any pairs, through its growth and room reserved at any point, too little or too much (accents, emoji, long numbers)", () => {
    // at least 1500 pairs: past the first table (512 entries, 1024 slots, 4096 characters)
    const id = fc.oneof(fc.string({ maxLength: 3 }), fc.string({ unit: "grapheme", maxLength: 20 }), fc.integer({ min: 0, max: 5000 }).map((n) => `INV-${n}`));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("C1", "C2", "Café", "C🙂"), id), { minLength: 1500, maxLength: 3000 }), fc.array(fc.tuple(fc.constantFrom("C1", "C2", "C9"), id), { maxLength: 50 }), fc.array(fc.tuple(fc.nat(3000), fc.nat(8000)), { maxLength: 3 }), (added, probes, reserves) => {
        const keys = new DocumentKeys();
        const reference = new Map<string, Map<string, number>>();
        let size = 0;
        const wrong: string[] = []; // collected, then asserted once: an expect per pair made the run slow
        for (const [i, [c, k]] of added.entries()) {
          for (const [at, entries] of reserves) if (at === i) keys.reserve(entries);
          let own = reference.get(c);
          if (!own) reference.set(c, (own = new Map()));
          const expected = own.get(k) ?? size++;
          if (keys.add(c, k) !== expected) wrong.push(`add ${c} ${k}`);
          own.set(k, expected);
        }
        expect(keys.size).toBe(size);
        for (const [c, k] of [...added, ...probes]) {
          const entry = keys.find(c, k);
          if (entry !== (reference.get(c)?.get(k) ?? -1)) wrong.push(`find ${c} ${k}`);
          else if (entry !== -1 && (keys.customerOf(entry) !== c || keys.keyOf(entry) !== k)) wrong.push(`key of ${entry}`);
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
  it("gives back a long number outside Latin-1 whole (more characters than a call takes arguments)", () => {
    const keys = new DocumentKeys();
    const long = "Ω€".repeat(150_000);
    expect(keys.add("C1", long)).toBe(0);
    expect(keys.keyOf(0)).toBe(long);
  });
});
