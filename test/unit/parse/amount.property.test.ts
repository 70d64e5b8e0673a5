import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { amountFromNumber, parseAmount, type DecimalMark, type ParsedAmount } from "../../../src/ingest/parse/amount.js";
import type { Parsed } from "../../../src/ingest/parse/result.js";

interface Locale {
  name: string;
  group: string;
  decimal: DecimalMark;
}
const LOCALES: readonly Locale[] = [
  { name: "fr (U+202F)", group: "\u202f", decimal: "," },
  { name: "fr (U+00A0)", group: "\u00a0", decimal: "," },
  { name: "fr (space)", group: " ", decimal: "," },
  { name: "de/nl", group: ".", decimal: "," },
  { name: "en", group: ",", decimal: "." },
  { name: "de-CH", group: "\u2019", decimal: "." },
  { name: "de-CH (typed)", group: "'", decimal: "." },
  { name: "plain dot", group: "", decimal: "." },
  { name: "plain comma", group: "", decimal: "," },
];
type NegStyle = "-" | "\u2212" | "()" | "trailing";
const NEG_STYLES: readonly NegStyle[] = ["-", "\u2212", "()", "trailing"];
type Decimals = "always" | "when-needed";

/** Renders cents the way a spreadsheet in `locale` would. */
function formatAmount(cents: number, locale: Locale, neg: NegStyle, euro: boolean, decimals: Decimals): string {
  const abs = Math.abs(cents);
  const units = String(Math.floor(abs / 100));
  const rest = abs % 100;
  let grouped = "";
  for (let i = 0; i < units.length; i++) {
    if (i > 0 && (units.length - i) % 3 === 0) grouped += locale.group;
    grouped += units.charAt(i);
  }
  let body = decimals === "when-needed" && rest === 0 ? grouped : `${grouped}${locale.decimal}${String(rest).padStart(2, "0")}`;
  if (euro) body += " €";
  if (cents >= 0) return body;
  switch (neg) {
    case "-":
      return `-${body}`;
    case "\u2212":
      return `\u2212${body}`;
    case "()":
      return `(${body})`;
    case "trailing":
      return `${body}-`;
  }
}

const centsArb = fc.oneof(
  fc.integer({ min: -1e13, max: 1e13 }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(0, 1, -1, 99, 100, -100, 100000, 1e13, -1e13),
);

function isWellFormed(r: Parsed<ParsedAmount>): boolean {
  if (r.ok) return Number.isSafeInteger(r.value.cents) && !Object.is(r.value.cents, -0);
  return typeof r.reason === "string" && r.reason.length > 0;
}

describe("parseAmount properties", () => {
  it("the helper renders what the tests expect", () => {
    const fr = LOCALES[0] as Locale;
    const en = LOCALES[4] as Locale;
    expect(formatAmount(-123456789, fr, "()", true, "always")).toBe("(1\u202f234\u202f567,89 €)");
    expect(formatAmount(-100, en, "trailing", false, "when-needed")).toBe("1-");
    expect(formatAmount(5, en, "-", false, "always")).toBe("0.05");
  });

  it("parseAmount(formatAmount(c)) === c for every locale and negative style", () => {
    fc.assert(
      fc.property(
        centsArb,
        fc.constantFrom(...LOCALES),
        fc.constantFrom(...NEG_STYLES),
        fc.boolean(),
        fc.constantFrom<Decimals>("always", "when-needed"),
        (cents, locale, neg, euro, decimals) => {
          const text = formatAmount(cents, locale, neg, euro, decimals);
          const r = parseAmount(text, { decimal: locale.decimal });
          expect(r, text).toEqual({ ok: true, value: { cents, currency: euro ? "EUR" : null } });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("fast path and general path agree (padding forces the general path)", () => {
    fc.assert(
      fc.property(centsArb, fc.constantFrom<DecimalMark>(".", ","), (cents, decimal) => {
        const abs = Math.abs(cents);
        const text = `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}${decimal}${String(abs % 100).padStart(2, "0")}`;
        expect(parseAmount(` ${text} `, { decimal })).toEqual(parseAmount(text, { decimal }));
        expect(parseAmount(text, { decimal })).toEqual({ ok: true, value: { cents, currency: null } });
      }),
      { numRuns: 1000 },
    );
  });

  it("never throws and always returns a Parsed, on arbitrary strings", () => {
    const amountish = fc.string({
      unit: fc.constantFrom(..."0123456789.,-+()€$£ \u00a0\u202f\u2019'\u2212eEURCHFx\t".split("")),
      maxLength: 30,
    });
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), amountish),
        fc.constantFrom<DecimalMark>(".", ","),
        (text, decimal) => {
          let r: Parsed<ParsedAmount> | undefined;
          expect(() => {
            r = parseAmount(text, { decimal });
          }).not.toThrow();
          expect(r !== undefined && isWellFormed(r)).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("a value that parses keeps parsing when wrapped in spaces", () => {
    const amountish = fc.string({ unit: fc.constantFrom(..."0123456789.,- ()€".split("")), maxLength: 20 });
    fc.assert(
      fc.property(amountish, fc.constantFrom<DecimalMark>(".", ","), (text, decimal) => {
        const a = parseAmount(text, { decimal });
        const b = parseAmount(`  ${text}\u00a0`, { decimal });
        expect(b).toEqual(a);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("amountFromNumber properties (numeric spreadsheet cells)", () => {
  it("never throws on any double; what it accepts is a safe integer of cents within half a cent of the value", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.double({ min: -1e12, max: 1e12 }), fc.integer().map((n) => n / 100)), (value) => {
        let r: Parsed<ParsedAmount> | undefined;
        expect(() => {
          r = amountFromNumber(value);
        }).not.toThrow();
        expect(r !== undefined && isWellFormed(r)).toBe(true);
        if (r!.ok) expect(Math.abs(r!.value.cents - value * 100)).toBeLessThanOrEqual(0.5);
      }),
      { numRuns: 3000 },
    );
  });

  it("a number of cents divided by 100, as a spreadsheet stores it, comes back exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (cents) => {
        expect(amountFromNumber(cents / 100)).toEqual({ ok: true, value: { cents: cents === 0 ? 0 : cents, currency: null } });
      }),
      { numRuns: 3000 },
    );
  });
});
