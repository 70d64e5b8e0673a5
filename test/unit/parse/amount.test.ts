import { describe, it, expect } from "vitest";
import {
  parseAmount,
  amountFromNumber,
  createDecimalMarkVote,
  decimalMarkEvidence,
  type AmountFormat,
} from "../../../src/ingest/parse/amount.js";

const COMMA: AmountFormat = { decimal: "," };
const DOT: AmountFormat = { decimal: "." };

function cents(text: string, format: AmountFormat): number {
  const r = parseAmount(text, format);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${r.reason}`);
  return r.value.cents;
}
function currency(text: string, format: AmountFormat): string | null {
  const r = parseAmount(text, format);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${r.reason}`);
  return r.value.currency;
}
function reason(text: string, format: AmountFormat): string {
  const r = parseAmount(text, format);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to fail, got ${r.value.cents}`);
  return r.reason;
}

describe("parseAmount: plain numbers", () => {
  it.each([
    ["1234", COMMA, 123400],
    ["1234", DOT, 123400],
    ["1234,56", COMMA, 123456],
    ["1234.56", DOT, 123456],
    ["1234,5", COMMA, 123450],
    ["-1234,5", COMMA, -123450],
    ["0", DOT, 0],
    [",5", COMMA, 50],
    [".5", DOT, 50],
    ["-.5", DOT, -50],
    ["1,", COMMA, 100],
    ["1.", DOT, 100],
    ["12,500", COMMA, 1250],
    ["12.5000", DOT, 1250],
    ["000000000001437,12", COMMA, 143712],
    [" 000000000001437,12", COMMA, 143712],
    ["-000000000001437,12", COMMA, -143712],
    ["  42,10\t", COMMA, 4210],
  ] as const)("%j (%j) → %d", (text, format, expected) => {
    expect(cents(text, format)).toBe(expected);
  });

  it("plain values carry no currency", () => {
    expect(currency("12,50", COMMA)).toBeNull();
    expect(currency(" 12,50 ", COMMA)).toBeNull();
  });

  it("negative zero is plain zero", () => {
    expect(Object.is(cents("-0,00", COMMA), 0)).toBe(true);
    expect(Object.is(cents("(0.00)", DOT), 0)).toBe(true);
    expect(Object.is(cents("0,00-", COMMA), 0)).toBe(true);
  });
});

describe("parseAmount: thousands separators", () => {
  it.each([
    ["1.234,56", COMMA, 123456],
    ["1.234.567,89", COMMA, 123456789],
    ["1 234,56", COMMA, 123456],
    ["1\u00a0234,56", COMMA, 123456],
    ["1\u202f234,56", COMMA, 123456],
    ["1\u202f234\u202f567", COMMA, 123456700],
    ["1,234.56", DOT, 123456],
    ["1,234,567", DOT, 123456700],
    ["1'234.56", DOT, 123456],
    ["1\u2019234.56", DOT, 123456],
    ["1\u2019234\u2019567.05", DOT, 123456705],
    ["12 345 678", DOT, 1234567800],
  ] as const)("%j (%j) → %d", (text, format, expected) => {
    expect(cents(text, format)).toBe(expected);
  });

  it.each([
    ["1.234.56", COMMA],
    ["1.23,45", COMMA],
    ["12.50", COMMA],
    ["1234.567,00", COMMA],
    ["1,23", DOT],
    ["1,2345.00", DOT],
    ["1 23", DOT],
    ["1.234 567,89", COMMA],
    ["1,234.567.8", COMMA],
  ] as const)("%j (%j) fails: misplaced thousands separator", (text, format) => {
    expect(reason(text, format)).toContain("misplaced thousands separator");
  });

  it("says which decimal mark was expected", () => {
    expect(reason("12.50", COMMA)).toContain('decimal mark is ","');
  });

  it("a second decimal mark fails", () => {
    expect(reason("12,3,4", COMMA)).toContain("more than one decimal mark");
    expect(reason("1.2.3", DOT)).toContain("more than one decimal mark");
    expect(reason("12,3,4", DOT)).toContain("misplaced thousands separator");
  });
});

describe("parseAmount: decimals", () => {
  it("a real third decimal fails", () => {
    expect(reason("1,234", COMMA)).toBe('more than 2 decimals: "1,234"');
    expect(reason("12.345", DOT)).toContain("more than 2 decimals");
    expect(reason("12,5001", COMMA)).toContain("more than 2 decimals");
  });
  it("a lone decimal mark is not an amount", () => {
    expect(reason(".", DOT)).toContain("not an amount");
    expect(reason(",", COMMA)).toContain("not an amount");
    expect(reason("-,", COMMA)).toContain("not an amount");
  });
});

describe("parseAmount: negatives", () => {
  it.each([
    ["-12,00", COMMA, -1200],
    ["\u221212,00", COMMA, -1200],
    ["\u2212 1 234,56", COMMA, -123456],
    ["- 12,00", COMMA, -1200],
    ["(1 234,56)", COMMA, -123456],
    ["( 1 234,56 )", COMMA, -123456],
    ["1.234,56-", COMMA, -123456],
    ["1.234,56 -", COMMA, -123456],
    ["-1.000,00 €", COMMA, -100000],
    ["€ -12,00", COMMA, -1200],
    ["-€12.00", DOT, -1200],
    ["$(12.34)", DOT, -1234],
    ["($12.34)", DOT, -1234],
    ["(12,34 €)", COMMA, -1234],
    ["+12,00", COMMA, 1200],
    ["+ 12,00 EUR", COMMA, 1200],
  ] as const)("%j (%j) → %d", (text, format, expected) => {
    expect(cents(text, format)).toBe(expected);
  });

  it.each(["--5", "-(5)", "5--", "(-5)", "(5)-", "+-5", "-5-", "5+", "(5", "5)", "((5))", "(5))"])(
    "%j fails",
    (text) => {
      const r = parseAmount(text, COMMA);
      expect(r.ok).toBe(false);
    },
  );

  it("double signs say so", () => {
    expect(reason("--5", COMMA)).toContain("more than one sign");
    expect(reason("-(5)", COMMA)).toContain("more than one sign");
    expect(reason("5--", COMMA)).toContain("more than one sign");
    expect(reason("(5", COMMA)).toContain("unbalanced parenthesis");
  });

  it("a leading apostrophe (injection escape) is ignored", () => {
    expect(cents("'-75.63", DOT)).toBe(-7563);
    expect(cents("'-75,63", COMMA)).toBe(-7563);
    expect(cents(" '1 234,56", COMMA)).toBe(123456);
    expect(reason("'", DOT)).toBe("empty");
  });
});

describe("parseAmount: currencies", () => {
  it.each([
    ["12,00 €", COMMA, 1200, "EUR"],
    ["12,00€", COMMA, 1200, "EUR"],
    ["€12.00", DOT, 1200, "EUR"],
    ["€ 12.00", DOT, 1200, "EUR"],
    ["£1,000", DOT, 100000, "GBP"],
    ["$12.34", DOT, 1234, "USD"],
    ["CHF 1'234.50", DOT, 123450, "CHF"],
    ["1\u2019234.50 CHF", DOT, 123450, "CHF"],
    ["EUR 12,00", COMMA, 1200, "EUR"],
    ["12EUR", COMMA, 1200, "EUR"],
    ["12 GBP", COMMA, 1200, "GBP"],
    ["USD12", DOT, 1200, "USD"],
    ["12 SEK", DOT, 1200, "SEK"],
    ["€ 12,00 EUR", COMMA, 1200, "EUR"],
  ] as const)("%j → %d %s", (text, format, expected, code) => {
    expect(cents(text, format)).toBe(expected);
    expect(currency(text, format)).toBe(code);
  });

  it("two different currencies fail", () => {
    expect(reason("12 € USD", COMMA)).toContain("two different currencies");
    expect(reason("$12 £", DOT)).toContain("two different currencies");
  });

  it("words that are not ISO codes fail", () => {
    expect(reason("12 euros", COMMA)).toBe('not an amount: "12 euros"');
    expect(reason("Fr. 12", DOT)).toContain("not an amount");
    expect(reason("12 eur", COMMA)).toContain("not an amount");
  });
});

describe("parseAmount: refusals", () => {
  it("empty", () => {
    expect(reason("", COMMA)).toBe("empty");
    expect(reason("   ", COMMA)).toBe("empty");
    expect(reason("\u00a0\u202f", DOT)).toBe("empty");
  });

  it.each(["NaN", "Infinity", "-Infinity", "abc", "12abc", "1 2 3 €x", "€", "-", "()", "12 € 34", "1\t234"])(
    "%j is not an amount",
    (text) => {
      expect(reason(text, DOT)).toContain("not an amount");
    },
  );

  it("names the value", () => {
    expect(reason("abc", DOT)).toBe('not an amount: "abc"');
  });

  it.each(["1e5", "1E5", "1.5e-3", "1e400", "-2.5E+10", "1,5e3"])("%j: scientific notation", (text) => {
    expect(reason(text, DOT)).toContain("scientific notation is not an exact amount");
  });

  it("refuses cents beyond Number.MAX_SAFE_INTEGER", () => {
    expect(cents("90071992547409.91", DOT)).toBe(Number.MAX_SAFE_INTEGER);
    expect(cents("-90071992547409,91", COMMA)).toBe(-Number.MAX_SAFE_INTEGER);
    expect(reason("90071992547409.92", DOT)).toContain("too large to be exact in cents");
    expect(reason("99999999999999999999", DOT)).toContain("too large to be exact in cents");
    expect(reason("1.000.000.000.000.000,00", COMMA)).toContain("too large to be exact in cents");
    expect(cents("0000000000000000000001,00", COMMA)).toBe(100);
  });

  it("fast path and general path agree at the fast path's length limit", () => {
    expect(cents("9999999999999.99", DOT)).toBe(999999999999999);
    expect(cents("-9999999999999.99", DOT)).toBe(-999999999999999);
    expect(reason("99999999999999.99", DOT)).toContain("too large to be exact in cents");
  });
});

describe("amountFromNumber", () => {
  it.each([
    [12.34, 1234],
    [0.1 + 0.2, 30],
    [-5, -500],
    [1234567.89, 123456789],
    [12.3, 1230],
    [1e13, 1e15],
    [-0, 0],
    [0.07, 7],
    [90071992547.41, 9007199254741],
  ])("%d → %d", (value, expected) => {
    const r = amountFromNumber(value);
    expect(r).toEqual({ ok: true, value: { cents: expected, currency: null } });
  });

  it("refuses a real sub-cent part", () => {
    for (const v of [12.345, 1.005, 0.001, 12345.675, -0.5001]) {
      const r = amountFromNumber(v);
      expect(r.ok, String(v)).toBe(false);
      if (!r.ok) expect(r.reason).toContain("more than 2 decimals");
    }
  });

  it("refuses NaN, infinities and values beyond MAX_SAFE_INTEGER cents", () => {
    expect(amountFromNumber(Number.NaN).ok).toBe(false);
    expect(amountFromNumber(Infinity).ok).toBe(false);
    expect(amountFromNumber(-Infinity).ok).toBe(false);
    const big = amountFromNumber(1e14);
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.reason).toContain("too large to be exact in cents");
  });
});

describe("createDecimalMarkVote", () => {
  it("per-value evidence", () => {
    expect(decimalMarkEvidence("1.234,56")).toBe(",");
    expect(decimalMarkEvidence("1,234.56")).toBe(".");
    expect(decimalMarkEvidence("12,50")).toBe(",");
    expect(decimalMarkEvidence("12,5")).toBe(",");
    expect(decimalMarkEvidence("12.3456")).toBe(".");
    expect(decimalMarkEvidence("1.234.567")).toBe(",");
    expect(decimalMarkEvidence("1,234,567")).toBe(".");
    expect(decimalMarkEvidence("1.234")).toBeNull();
    expect(decimalMarkEvidence("1,234")).toBeNull();
    expect(decimalMarkEvidence("1234")).toBeNull();
    expect(decimalMarkEvidence("0,500")).toBe(",");
    expect(decimalMarkEvidence(",500")).toBe(",");
    expect(decimalMarkEvidence("1234,567")).toBe(",");
    expect(decimalMarkEvidence("1 234,567")).toBeNull();
    expect(decimalMarkEvidence("-1.234,56 €")).toBe(",");
    expect(decimalMarkEvidence("(12.5)")).toBe(".");
    expect(decimalMarkEvidence("1.5E3")).toBeNull();
    expect(decimalMarkEvidence("abc")).toBeNull();
    expect(decimalMarkEvidence("")).toBeNull();
  });

  it("a column of comma decimals", () => {
    const v = createDecimalMarkVote();
    for (const t of ["1.234", "12,50", "1.234,56", "3,5"]) v.add(t);
    const r = v.result();
    expect(r.decimal).toBe(",");
    expect(r.evidence).toContain('"12,50"');
    expect(r.evidence).toContain("3 values");
  });

  it("a column of dot decimals", () => {
    const v = createDecimalMarkVote();
    for (const t of ["1,234", "1,234.00", "99"]) v.add(t);
    expect(v.result().decimal).toBe(".");
    expect(v.result().evidence).toContain('"1,234.00"');
  });

  it("only 3-digit groups: undecided", () => {
    const v = createDecimalMarkVote();
    for (const t of ["1.234", "5.678", "12"]) v.add(t);
    expect(v.result().decimal).toBeNull();
  });

  it("no values: undecided", () => {
    expect(createDecimalMarkVote().result().decimal).toBeNull();
  });

  it("both marks: the majority, and says so", () => {
    const v = createDecimalMarkVote();
    for (const t of ["1,5", "2,5", "3.5"]) v.add(t);
    const r = v.result();
    expect(r.decimal).toBe(",");
    expect(r.evidence).toContain("majority");
    expect(r.evidence).toContain('"3.5"');
  });

  it("a tie: undecided", () => {
    const v = createDecimalMarkVote();
    for (const t of ["1,5", "3.5"]) v.add(t);
    expect(v.result().decimal).toBeNull();
    expect(v.result().evidence).toContain("tie");
  });
});
