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

  it("gives owners asked once (ownerOfNew) the numbers a look-up by id then finds, and the same number after it", () => {
    const keys = new DocumentKeys();
    const [c1, c2] = [keys.ownerOfNew("C1"), keys.ownerOfNew("C2")];
    expect([c1, c2]).toEqual([0, 1]);
    expect(keys.addFor(c2, "F1")).toBe(0);
    expect(keys.addFor(c1, "F1")).toBe(1);
    expect(keys.find("C2", "F1")).toBe(0); // the table of ids is made here, from the owners
    expect(keys.find("C1", "F1")).toBe(1);
    expect(keys.ownerOf("C1")).toBe(c1);
    expect(keys.ownerOfNew("C2")).toBe(c2); // once the table is made, a customer given twice keeps its number
    expect(keys.ownerOfNew("C3")).toBe(2);
    expect(keys.add("C3", "F1")).toBe(2);
    expect([keys.customerOf(2), keys.find("C3", "F1")]).toEqual(["C3", 2]);
  });

  it("agrees with a Map of Maps on any pairs, through its growth and room reserved at any point, too little or too much (accents, emoji, long numbers)", () => {
    // at least 1500 pairs: past the first table (512 entries, 1024 slots, 4096 characters)
    const id = fc.oneof(fc.string({ maxLength: 3 }), fc.string({ unit: "grapheme", maxLength: 20 }), fc.integer({ min: 0, max: 5000 }).map((n) => `INV-${n}`));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("C1", "C2", "Café", "C🙂"), id), { minLength: 1500, maxLength: 3000 }), fc.array(fc.tuple(fc.constantFrom("C1", "C2", "C9"), id), { maxLength: 50 }), fc.array(fc.tuple(fc.nat(3000), fc.nat(8000)), { maxLength: 3 }), (added, probes, reserves) => {
        expect(disagreements(added, probes, reserves)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
  it("agrees with a Map of Maps on exports listing each customer's documents together, numbers rising, with credit notes, repeats and customers coming back", () => {
    // a stretch: one customer's documents in a row, most numbers rising (its run), some not (a credit note's, a repeat)
    const stretch = fc.record({
      customer: fc.constantFrom("C1", "C2", "C3", "Ç4", "C🙂"),
      first: fc.nat(50),
      steps: fc.array(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }).map((n) => ({ rise: n })) }, { weight: 1, arbitrary: fc.nat(60).map((n) => ({ other: n })) }, { weight: 1, arbitrary: fc.nat(60).map((n) => ({ repeat: n })) }), { maxLength: 40 }),
    });
    fc.assert(
      fc.property(fc.array(stretch, { minLength: 1, maxLength: 60 }), fc.array(fc.tuple(fc.constantFrom("C1", "C2", "C9"), fc.nat(200)), { maxLength: 40 }), (stretches, probes) => {
        const added: [string, string][] = [];
        for (const { customer, first, steps } of stretches) {
          let n = first;
          added.push([customer, `F${String(n).padStart(4, "0")}`]);
          for (const step of steps) {
            if ("rise" in step) added.push([customer, `F${String((n += step.rise)).padStart(4, "0")}`]);
            else if ("other" in step) added.push([customer, `AV${step.other}`]);
            else added.push([customer, `F${String(Math.max(0, n - step.repeat)).padStart(4, "0")}`]);
          }
        }
        const probed = probes.map(([c, n]): [string, string] => [c, `F${String(n).padStart(4, "0")}`]);
        expect(disagreements(added, probed)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps out of its hash table the documents of an export in customer order whose numbers rise, and puts there those of an export in date order", () => {
    const byCustomer = new DocumentKeys();
    for (let c = 0; c < 50; c++) {
      for (let n = 0; n < 20; n++) byCustomer.add(`C${c}`, `F${String(c * 100 + n).padStart(5, "0")}`);
      byCustomer.add(`C${c}`, `AV${c}`); // a credit note: below the run
      byCustomer.add(`C${c}`, `F${String(c * 100 + 20).padStart(5, "0")}`); // the run goes on after it
    }
    expect([byCustomer.size, byCustomer.tabledSize]).toEqual([50 * 22, 50]);
    const byDate = new DocumentKeys();
    for (let n = 0; n < 1000; n++) byDate.add(`C${n % 50}`, `F${String(n).padStart(5, "0")}`);
    // a customer's run of one entry goes into the table when it comes back, its stretch ended
    expect([byDate.size, byDate.tabledSize]).toEqual([1000, 1000]);
  });

  it("gives back a long number outside Latin-1 whole (more characters than a call takes arguments)", () => {
    const keys = new DocumentKeys();
    const long = "Ω€".repeat(150_000);
    expect(keys.add("C1", long)).toBe(0);
    expect(keys.keyOf(0)).toBe(long);
  });
});

/**
 * What DocumentKeys gets wrong against a Map of Maps, adding the pairs (with room reserved
 * at the given points) and then finding them and the probes: collected, then asserted
 * once (an expect per pair made the run slow).
 */
function disagreements(added: [string, string][], probes: [string, string][], reserves: [number, number][] = []): string[] {
  const keys = new DocumentKeys();
  const reference = new Map<string, Map<string, number>>();
  let size = 0;
  const wrong: string[] = [];
  for (const [i, [c, k]] of added.entries()) {
    for (const [at, entries] of reserves) if (at === i) keys.reserve(entries);
    let own = reference.get(c);
    if (!own) reference.set(c, (own = new Map()));
    const expected = own.get(k) ?? size++;
    if (keys.add(c, k) !== expected) wrong.push(`add ${c} ${k}`);
    own.set(k, expected);
  }
  if (keys.size !== size) wrong.push(`size ${keys.size}, not ${size}`);
  for (const [c, k] of [...added, ...probes]) {
    const entry = keys.find(c, k);
    if (entry !== (reference.get(c)?.get(k) ?? -1)) wrong.push(`find ${c} ${k}`);
    else if (entry !== -1 && (keys.customerOf(entry) !== c || keys.keyOf(entry) !== k)) wrong.push(`key of ${entry}`);
  }
  return wrong;
}
