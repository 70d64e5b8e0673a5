/**
 * Rule expressions (spec/matrix.md, "Rules"): operators, null semantics, in / not in,
 * coalesce, compile problems with their offsets, "did you mean", free fields, type errors
 * and the text of `trace`. Every expected value below is worked out by hand.
 */
import { describe, expect, it } from "vitest";
import {
  compileRuleExpression,
  type CompiledExpression,
  type FieldCatalogue,
  type FieldType,
  type Value,
} from "../../../src/segmentation/expression.js";
import { FieldMap } from "../../../src/segmentation/rule-fields.js";

const TYPES: Record<string, FieldType> = {
  avg_days_late: "number",
  revenue: "number",
  credit_score: "number",
  overdue_balance: "number",
  country: "text",
  risk: "text",
  created_date: "text",
  name: "text",
  sales_area: "any",
};

const catalogue: FieldCatalogue = {
  typeOf: (n) => (Object.prototype.hasOwnProperty.call(TYPES, n) ? TYPES[n] : undefined),
  names: () => Object.keys(TYPES),
};

type Data = Record<string, Value | undefined>;
const lookupOf = (data: Data) => (n: string): Value | undefined => (Object.prototype.hasOwnProperty.call(data, n) ? data[n] : undefined);

function compile(source: string, expect: "condition" | "number" = "condition"): CompiledExpression {
  const { expression, problems } = compileRuleExpression(source, catalogue, expect);
  if (expression === null) throw new Error(`${source}: ${JSON.stringify(problems)}`);
  expect_(problems).toEqual([]);
  return expression;
}
const expect_ = expect;

function problems(source: string, expect: "condition" | "number" = "condition") {
  const result = compileRuleExpression(source, catalogue, expect);
  expect_(result.expression).toBeNull();
  return result.problems;
}

const cond = (source: string, data: Data = {}) => compile(source).evaluate(lookupOf(data));
const num = (source: string, data: Data = {}) => compile(source, "number").evaluate(lookupOf(data));

describe("comparison operators", () => {
  it("== and != on text and numbers", () => {
    expect(cond('country == "FR"', { country: "FR" })).toBe(true);
    expect(cond('country == "FR"', { country: "BE" })).toBe(false);
    expect(cond('country != "FR"', { country: "BE" })).toBe(true);
    expect(cond('country != "FR"', { country: "FR" })).toBe(false);
    expect(cond("revenue == 1000", { revenue: 1000 })).toBe(true);
    expect(cond("revenue != 1000", { revenue: 1000 })).toBe(false);
  });

  it("< <= > >= at the boundary", () => {
    const at30 = { avg_days_late: 30 };
    expect(cond("avg_days_late < 30", at30)).toBe(false);
    expect(cond("avg_days_late <= 30", at30)).toBe(true);
    expect(cond("avg_days_late > 30", at30)).toBe(false);
    expect(cond("avg_days_late >= 30", at30)).toBe(true);
    expect(cond("avg_days_late > 30", { avg_days_late: 30.01 })).toBe(true);
    expect(cond("avg_days_late < 30", { avg_days_late: 29.99 })).toBe(true);
  });

  it("orders texts (ISO dates compare as dates)", () => {
    expect(cond('created_date < "2024-01-01"', { created_date: "2023-12-31" })).toBe(true);
    expect(cond('created_date < "2024-01-01"', { created_date: "2024-01-01" })).toBe(false);
    expect(cond('created_date >= "2024-01-01"', { created_date: "2024-06-30" })).toBe(true);
  });

  it("a number and a text are never equal nor ordered (free column)", () => {
    expect(cond("sales_area == 3", { sales_area: "3" })).toBe(false);
    expect(cond("sales_area != 3", { sales_area: "3" })).toBe(true);
    expect(cond("sales_area > 3", { sales_area: "north" })).toBe(false);
    expect(cond("sales_area < 3", { sales_area: "north" })).toBe(false);
  });

  it("chains relations: 30 < x <= 60 means 30 < x and x <= 60", () => {
    const c = compile("30 < avg_days_late <= 60");
    expect(c.evaluate(lookupOf({ avg_days_late: 45 }))).toBe(true);
    expect(c.evaluate(lookupOf({ avg_days_late: 30 }))).toBe(false);
    expect(c.evaluate(lookupOf({ avg_days_late: 60 }))).toBe(true);
    expect(c.evaluate(lookupOf({ avg_days_late: 61 }))).toBe(false);
  });
});

describe("boolean operators", () => {
  const table = (source: string) =>
    [
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ].map(([a, b]) => cond(source, { revenue: a!, credit_score: b! }));

  it("and, or, not", () => {
    expect(table("revenue == 1 and credit_score == 1")).toEqual([true, false, false, false]);
    expect(table("revenue == 1 or credit_score == 1")).toEqual([true, true, true, false]);
    expect(table("not (revenue == 1)")).toEqual([false, false, true, true]);
    expect(table("not not (revenue == 1)")).toEqual([true, true, false, false]);
  });

  it("and binds tighter than or", () => {
    // true or (false and false) = true; (true or false) and false would be false
    expect(cond("revenue == 1 or revenue == 2 and revenue == 3", { revenue: 1 })).toBe(true);
    expect(cond("(revenue == 1 or revenue == 2) and revenue == 3", { revenue: 1 })).toBe(false);
  });

  it("if … then … else …, the else branch extending to the end", () => {
    expect(num('if country == "FR" then 1 else 2', { country: "FR" })).toBe(1);
    expect(num('if country == "FR" then 1 else 2', { country: "BE" })).toBe(2);
    expect(num('if country == "FR" then 1 else 2 + 3', { country: "BE" })).toBe(5);
    expect(num('if country == "FR" then 1 else 2 + 3', { country: "FR" })).toBe(1);
    expect(cond("if revenue > 0 then avg_days_late > 30 else credit_score < 10", { revenue: 0, credit_score: 5 })).toBe(true);
  });
});

describe("arithmetic", () => {
  it("+ - * / ^ mod and unary minus", () => {
    expect(num("revenue + 1", { revenue: 1000 })).toBe(1001);
    expect(num("revenue - 1", { revenue: 1000 })).toBe(999);
    expect(num("revenue * 2", { revenue: 1000 })).toBe(2000);
    expect(num("revenue / 8", { revenue: 1000 })).toBe(125);
    expect(num("revenue ^ 2", { revenue: 3 })).toBe(9);
    expect(num("revenue mod 7", { revenue: 23 })).toBe(2);
    expect(num("-revenue", { revenue: 5 })).toBe(-5);
  });

  it("precedence and associativity are filtrex's", () => {
    expect(num("2 + 3 * 4")).toBe(14);
    expect(num("(2 + 3) * 4")).toBe(20);
    expect(num("10 - 4 - 3")).toBe(3);
    expect(num("12 / 2 / 3")).toBe(2);
    expect(num("-2 ^ 2")).toBe(-4);
    expect(num("2 ^ 3 ^ 2")).toBe(512);
    expect(num("-7 mod 3")).toBe(2);
    expect(num("7 mod 4 * 2")).toBe(6);
  });

  it("number literals are decimal, never octal", () => {
    expect(num("010")).toBe(10);
    expect(num("0.5 + 00.25")).toBe(0.75);
  });

  it("comparisons bind looser than arithmetic", () => {
    expect(cond("revenue / 12 > 1000", { revenue: 12_012 })).toBe(true);
    expect(cond("revenue - overdue_balance * 2 >= 0", { revenue: 10, overdue_balance: 5 })).toBe(true);
  });
});

describe("functions", () => {
  it("min max abs round floor ceil", () => {
    expect(num("min(revenue, 3, 7)", { revenue: 5 })).toBe(3);
    expect(num("max(revenue, 3, 7)", { revenue: 5 })).toBe(7);
    expect(num("abs(revenue)", { revenue: -4.5 })).toBe(4.5);
    expect(num("round(revenue)", { revenue: 2.5 })).toBe(3);
    expect(num("round(revenue)", { revenue: -2.5 })).toBe(-3); // halves away from zero
    expect(num("round(revenue)", { revenue: 2.4 })).toBe(2);
    expect(num("floor(revenue)", { revenue: -1.5 })).toBe(-2);
    expect(num("ceil(revenue)", { revenue: 1.2 })).toBe(2);
  });

  it("exists and empty", () => {
    expect(cond("exists(credit_score)", { credit_score: 0 })).toBe(true);
    expect(cond("exists(credit_score)", { credit_score: null })).toBe(false);
    expect(cond("exists(credit_score)", {})).toBe(false);
    expect(cond("empty(name)", { name: "" })).toBe(true);
    expect(cond("empty(name)", { name: null })).toBe(true);
    expect(cond("empty(name)", { name: "Acme" })).toBe(false);
  });

  it("coalesce takes the first non-null value", () => {
    expect(num("coalesce(credit_score, 50)", { credit_score: null })).toBe(50);
    expect(num("coalesce(credit_score, 50)", { credit_score: 0 })).toBe(0);
    expect(num("coalesce(credit_score, revenue, 7)", { revenue: 3 })).toBe(3);
    expect(num("coalesce(credit_score, revenue)", {})).toBeNull();
    expect(cond('coalesce(risk, "low") == "low"', {})).toBe(true);
  });
});

describe("strings", () => {
  it('escape only \\" and \\\\', () => {
    expect(cond('name == "say \\"hi\\" \\\\o/"', { name: 'say "hi" \\o/' })).toBe(true);
    expect(cond('name == "l\'atelier"', { name: "l'atelier" })).toBe(true);
  });
});

describe("null semantics", () => {
  it("a comparison with null (or a name the lookup does not know) is false, never an error", () => {
    for (const op of ["==", "!=", "<", "<=", ">", ">="]) {
      expect(cond(`credit_score ${op} 30`, { credit_score: null }), op).toBe(false);
      expect(cond(`credit_score ${op} 30`, {}), op).toBe(false);
      expect(cond(`30 ${op} credit_score`, {}), op).toBe(false);
    }
    expect(cond("credit_score < credit_score", {})).toBe(false);
  });

  it("not (x < 3) is TRUE when x is null: the comparison inside is false", () => {
    expect(cond("not (credit_score < 3)", { credit_score: null })).toBe(true);
    expect(cond("not (credit_score < 3)", { credit_score: 1 })).toBe(false);
  });

  it("and / or on a false comparison from null", () => {
    expect(cond("credit_score < 3 or revenue > 0", { revenue: 5 })).toBe(true);
    expect(cond("credit_score < 3 and revenue > 0", { revenue: 5 })).toBe(false);
  });

  it("arithmetic with null gives null, and so does a comparison of it false", () => {
    expect(num("credit_score + 1", {})).toBeNull();
    expect(num("credit_score * 0", { credit_score: null })).toBeNull();
    expect(num("-credit_score", {})).toBeNull();
    expect(num("abs(credit_score)", {})).toBeNull();
    expect(num("min(credit_score, 3)", {})).toBeNull();
    expect(cond("credit_score + 1 > 0", {})).toBe(false);
  });

  it("division (and mod) by zero give null", () => {
    expect(num("revenue / 0", { revenue: 10 })).toBeNull();
    expect(num("revenue / overdue_balance", { revenue: 10, overdue_balance: 0 })).toBeNull();
    expect(num("0 / 0")).toBeNull();
    expect(num("revenue mod 0", { revenue: 10 })).toBeNull();
    expect(cond("revenue / overdue_balance > 1", { revenue: 10, overdue_balance: 0 })).toBe(false);
    expect(cond("not (revenue / overdue_balance > 1)", { revenue: 10, overdue_balance: 0 })).toBe(true);
  });

  it("a result that is not a finite number is null", () => {
    expect(num("10 ^ 400")).toBeNull();
    expect(num("(0 - 8) ^ 0.5")).toBeNull();
  });

  it("a runtime error (text in arithmetic) makes the whole result null", () => {
    expect(num("sales_area + 1", { sales_area: "north" })).toBeNull();
    expect(cond("sales_area + 1 > 0 or revenue > 0", { sales_area: "north", revenue: 5 })).toBeNull();
    expect(num("sales_area + 1", { sales_area: 2 })).toBe(3);
  });

  it("a lookup value that is not a finite number or a text reads as null", () => {
    const weird = (v: unknown) => compile("exists(sales_area)").evaluate(() => v as Value);
    expect(weird(Number.NaN)).toBe(false);
    expect(weird(Infinity)).toBe(false);
    expect(weird({ a: 1 })).toBe(false);
    expect(weird(true)).toBe(false);
    expect(weird("x")).toBe(true);
  });

  it("a lookup that throws gives null, evaluate does not throw", () => {
    const c = compile("revenue > 0");
    expect(
      c.evaluate(() => {
        throw new Error("boom");
      }),
    ).toBeNull();
  });
});

describe("in / not in", () => {
  it("in", () => {
    const c = compile('country in ("FR", "BE")');
    expect(c.evaluate(lookupOf({ country: "FR" }))).toBe(true);
    expect(c.evaluate(lookupOf({ country: "BE" }))).toBe(true);
    expect(c.evaluate(lookupOf({ country: "DE" }))).toBe(false);
    expect(c.evaluate(lookupOf({ country: null }))).toBe(false);
    expect(c.evaluate(lookupOf({}))).toBe(false);
  });

  it("not in: false for null too", () => {
    const c = compile('country not in ("FR", "BE")');
    expect(c.evaluate(lookupOf({ country: "DE" }))).toBe(true);
    expect(c.evaluate(lookupOf({ country: "FR" }))).toBe(false);
    expect(c.evaluate(lookupOf({ country: null }))).toBe(false);
  });

  it("numbers, one item, items that are fields, strict equality", () => {
    expect(cond("credit_score in (1, 2, 3)", { credit_score: 2 })).toBe(true);
    expect(cond("credit_score in (1)", { credit_score: 1 })).toBe(true);
    expect(cond('country in (home_country, "BE")', { country: "LU", home_country: "LU" })).toBe(true);
    expect(cond('country not in (home_country, "BE")', { country: "LU", home_country: null })).toBe(true);
    expect(cond('sales_area in ("1")', { sales_area: 1 })).toBe(false);
    expect(cond("revenue + 1 in (2, 3)", { revenue: 1 })).toBe(true);
  });
});

describe("compile problems, with offsets", () => {
  const one = (source: string, expectKind: "condition" | "number" = "condition") => {
    const p = problems(source, expectKind);
    expect(p).toHaveLength(1);
    return p[0]!;
  };

  it("syntax errors", () => {
    expect(one("avg_days_late > 30 and")).toEqual({ message: 'expected a value after "and"', offset: 22 });
    expect(one("avg_days_late > 30 and )")).toEqual({ message: 'expected a value after "and"', offset: 23 });
    expect(one("(avg_days_late > 30")).toEqual({ message: 'unclosed "("', offset: 0 });
    expect(one("avg_days_late > 30)")).toEqual({ message: 'unexpected ")"', offset: 18 });
    expect(one('country == "FR')).toEqual({ message: "unclosed string", offset: 11 });
    expect(one("country == 'FR")).toEqual({ message: "unclosed quoted name", offset: 11 });
    expect(one("avg_days_late > > 1")).toEqual({ message: 'expected a value after ">"', offset: 16 });
    expect(one("avg_days_late > 1 revenue")).toEqual({ message: 'unexpected name "revenue"', offset: 18 });
    expect(one("abs(revenue > 1")).toEqual({ message: 'unclosed "("', offset: 3 });
    expect(one("if revenue > 1 then 2", "number")).toEqual({ message: 'expected "else"', offset: 21 });
    expect(one("if revenue > 1 else 2", "number")).toEqual({ message: 'expected "then", found "else"', offset: 15 });
    expect(one("")).toEqual({ message: "empty expression", offset: 0 });
    expect(one("   ")).toEqual({ message: "empty expression", offset: 0 });
    expect(one("()")).toEqual({ message: 'unexpected ")"', offset: 1 });
    expect(one("(1, 2) == revenue")).toEqual({ message: 'a list ( , ) can only follow "in" or "not in"', offset: 2 });
    expect(one("country in 3")).toEqual({ message: 'expected a list in parentheses after "in", e.g. ("FR", "BE")', offset: 11 });
  });

  it("lexical errors and refused operators", () => {
    expect(one('country ~= "F.*"')).toEqual({ message: "regular expressions (~=) are not allowed in rules", offset: 8 });
    expect(one("x of y")).toEqual({ message: '"of" (object access) is not allowed in rules', offset: 2 });
    expect(one("revenue % 2 == 0")).toEqual({ message: 'use "mod" for the remainder of a division', offset: 8 });
    expect(one("revenue = 1")).toEqual({ message: 'unexpected "=" (use "==" to compare)', offset: 8 });
    expect(one("revenue > 1 && revenue < 3")).toEqual({ message: 'use "and" instead of "&&"', offset: 12 });
    expect(problems("revenue > 1 ? 1 : 2")).toEqual([
      { message: 'use "if … then … else …" instead of "?"', offset: 12 },
      { message: 'use "if … then … else …" instead of ":"', offset: 16 },
    ]);
    expect(one("1e5 > revenue")).toEqual({ message: 'malformed number "1e5"', offset: 0 });
    expect(one("revenue > 1.")).toEqual({ message: 'malformed number "1."', offset: 10 });
    expect(one('name == "a\\nb"')).toEqual({ message: 'unsupported escape "\\n" (only \\" and \\\\ are allowed)', offset: 10 });
    expect(one("pays € 1")).toEqual({ message: 'unexpected character "€"', offset: 5 });
  });

  it("every lexical problem is reported, in order", () => {
    expect(problems("revenue % 2 = 0").map((p) => p.offset)).toEqual([8, 12]);
  });

  it("nesting is bounded", () => {
    const deep = `${"(".repeat(70)}revenue${")".repeat(70)} > 0`;
    expect(one(deep)).toEqual({ message: "expression nested too deeply (more than 64 levels)", offset: 64 }); // the first token of the 65th level
    expect(compile(`${"(".repeat(30)}revenue${")".repeat(30)} > 0`).evaluate(lookupOf({ revenue: 1 }))).toBe(true);
  });
});

describe("names", () => {
  it("a typo within 2 edits of a known name is a problem, with the suggestion, at the name", () => {
    expect(problems("avg_days_lat > 30")).toEqual([{ message: 'unknown field "avg_days_lat" (did you mean "avg_days_late"?)', offset: 0 }]);
    expect(problems("revenue > 0 and avg_day_lat > 30")).toEqual([{ message: 'unknown field "avg_day_lat" (did you mean "avg_days_late"?)', offset: 16 }]);
    expect(problems("Revenue > 0")).toEqual([{ message: 'unknown field "Revenue" (did you mean "revenue"?)', offset: 0 }]);
  });

  it("a repeated typo is reported once, two typos twice", () => {
    expect(problems("revenu > 0 and revenu < 9")).toHaveLength(1);
    expect(problems("revenu > 0 and countr == \"FR\"").map((p) => p.offset)).toEqual([0, 15]);
  });

  it("names are case-sensitive: further than 2 edits, a free column", () => {
    const c = compile("AVG_DAYS_LATE > 30");
    expect(c.freeFields).toEqual(["AVG_DAYS_LATE"]);
    expect(c.evaluate(lookupOf({ avg_days_late: 45 }))).toBe(false);
    expect(c.evaluate(lookupOf({ AVG_DAYS_LATE: 45 }))).toBe(true);
  });

  it("3 edits away is a free column", () => {
    expect(problems("avg_dys_lat > 30")[0]!.message).toBe('unknown field "avg_dys_lat" (did you mean "avg_days_late"?)'); // 2 edits
    expect(compile("avg_dys_lt > 30").freeFields).toEqual(["avg_dys_lt"]); // 3 edits
  });

  it("fields in order of first appearance; free fields among them", () => {
    const c = compile('revenue > 0 and zone == "N" and revenue < 10 and sales_rep_code == 1 and country == "FR"');
    expect(c.fields).toEqual(["revenue", "zone", "sales_rep_code", "country"]);
    expect(c.freeFields).toEqual(["zone", "sales_rep_code"]);
    expect(c.source).toBe('revenue > 0 and zone == "N" and revenue < 10 and sales_rep_code == 1 and country == "FR"');
  });

  it("names may hold dots and $, and be single-quoted", () => {
    expect(compile("sales.rep == 1").freeFields).toEqual(["sales.rep"]);
    expect(cond("'avg_days_late' > 30", { avg_days_late: 31 })).toBe(true);
  });

  it("a single-quoted unknown name is a problem that says strings use double quotes", () => {
    expect(problems("country == 'FR'")).toEqual([{ message: "unknown field 'FR': text values use double quotes, e.g. \"FR\"", offset: 11 }]);
    expect(problems("'revenu' > 1")[0]!.message).toBe("unknown field 'revenu' (did you mean \"revenue\"?): text values use double quotes, e.g. \"revenu\"");
  });

  it("__proto__, constructor, prototype are not field names; toString is a free column", () => {
    expect(problems("__proto__ > 1")).toEqual([{ message: '"__proto__" is not a field name', offset: 0 }]);
    expect(problems("revenue > 1 and constructor == 1")).toEqual([{ message: '"constructor" is not a field name', offset: 16 }]);
    expect(problems("'prototype' == 1")).toEqual([{ message: '"prototype" is not a field name', offset: 0 }]);
    expect(compile("toString == 1").freeFields).toEqual(["toString"]);
  });

  it("null, true and false are not values", () => {
    expect(problems("credit_score == null")).toEqual([{ message: '"null" is not a value in rules: use empty(x) or exists(x)', offset: 16 }]);
    expect(problems("true")[0]!.offset).toBe(0);
  });

  it("unknown functions and wrong argument counts", () => {
    expect(problems("flor(revenue) > 1")).toEqual([{ message: 'unknown function "flor" (did you mean "floor"?)', offset: 0 }]);
    expect(problems("1 < sqrt(revenue)")).toEqual([{ message: 'unknown function "sqrt" (functions: abs, ceil, floor, round, min, max, exists, empty, coalesce)', offset: 4 }]);
    expect(problems("require(\"fs\") == 1")[0]!.message).toBe('unknown function "require" (functions: abs, ceil, floor, round, min, max, exists, empty, coalesce)');
    expect(problems("abs(revenue, 2) > 1")).toEqual([{ message: "abs() takes 1 argument", offset: 0 }]);
    expect(problems("max() > 1")).toEqual([{ message: "max() takes at least 1 argument", offset: 0 }]);
  });

  it("works with the real catalogue of rule-fields.ts", () => {
    const fields = new FieldMap();
    const r = compileRuleExpression("avg_days_lat > 30 and credit_scor < 3 and sales_zone_code == 1 and zone == 1", fields, "condition");
    expect(r.problems.map((p) => p.message)).toEqual([
      'unknown field "avg_days_lat" (did you mean "avg_days_late"?)',
      'unknown field "credit_scor" (did you mean "credit_score"?)',
      // the spec's 2-edit rule also catches short column names: zone → phone is 2 edits
      'unknown field "zone" (did you mean "phone"?)',
    ]);
    const ok = compileRuleExpression("avg_days_late > 30 and sales_zone_code == 1", fields, "condition");
    expect(ok.expression?.freeFields).toEqual(["sales_zone_code"]);
  });
});

describe("type errors", () => {
  it("a number compared with text, text with a number: at the literal", () => {
    expect(problems('avg_days_late == "high"')).toEqual([{ message: 'cannot compare avg_days_late (a number) with text "high"', offset: 17 }]);
    expect(problems('"high" == avg_days_late')).toEqual([{ message: 'cannot compare text "high" with avg_days_late (a number)', offset: 0 }]);
    expect(problems("country > 3")).toEqual([{ message: "cannot compare country (text) with number 3", offset: 10 }]);
    expect(problems("country == revenue")).toEqual([{ message: "cannot compare country (text) with revenue (a number)", offset: 8 }]);
    expect(problems('country in ("FR", 3)')).toEqual([{ message: "cannot compare country (text) with number 3", offset: 18 }]);
  });

  it("free columns go with both numbers and text", () => {
    expect(compile('sales_area == "N" or sales_area > 3 or zone == 1 or zone == "x"').freeFields).toEqual(["zone"]);
  });

  it("arithmetic on text", () => {
    expect(problems("country + 1 > 0")).toEqual([{ message: 'arithmetic on text field "country"', offset: 0 }]);
    expect(problems('revenue * "2" > 0')).toEqual([{ message: 'arithmetic on text "2"', offset: 10 }]);
    expect(problems("-country == 1")).toEqual([{ message: 'arithmetic on text field "country"', offset: 1 }]);
    expect(problems("abs(country) > 1")).toEqual([{ message: 'arithmetic on text field "country"', offset: 4 }]);
    expect(problems("(revenue > 1) + 1 > 0")).toEqual([{ message: "arithmetic on a condition", offset: 1 }]);
  });

  it("and / or / not / if need conditions", () => {
    expect(problems('revenue and country == "FR"')).toEqual([{ message: '"and" needs a condition on each side, found revenue (a number)', offset: 0 }]);
    expect(problems('not country in ("FR")')[0]).toEqual({
      message: '"not" needs a condition, and binds tighter than comparisons: put the whole comparison in parentheses, e.g. not (x < 3), or use "x not in (…)"',
      offset: 0,
    });
    expect(problems('not country in ("FR")')).toHaveLength(1);
    expect(problems("if revenue then 1 else 2", "number")).toEqual([{ message: '"if" needs a condition, found revenue (a number)', offset: 3 }]);
    expect(problems('if revenue > 0 then 1 else "x"', "number")).toEqual([{ message: "cannot mix a number and text", offset: 27 }]);
    expect(problems("exists(revenue > 1)")).toEqual([{ message: "exists() takes a value, not a condition", offset: 7 }]);
    expect(problems('coalesce(revenue, "x") == 1')).toEqual([{ message: "cannot mix a number and text", offset: 18 }]);
  });

  it('expect "condition": a bare value is a problem', () => {
    expect(problems("revenue")).toEqual([{ message: "a condition must compare something, e.g. revenue > 0", offset: 0 }]);
    expect(problems("  country")).toEqual([{ message: 'a condition must compare something, e.g. country == "…"', offset: 2 }]);
    expect(problems("revenue / 2")).toEqual([{ message: "a condition must compare something, e.g. revenue / 2 > 0", offset: 0 }]);
    expect(problems("zone")[0]!.message).toBe("a condition must compare something, e.g. zone > 0");
  });

  it('expect "number": a condition or a text is a problem, a free column is accepted', () => {
    expect(problems("revenue > 0", "number")).toEqual([{ message: "a number is expected here, not a condition", offset: 0 }]);
    expect(problems("country", "number")).toEqual([{ message: "a number is expected here, not text", offset: 0 }]);
    expect(compile("zone", "number").evaluate(lookupOf({ zone: 4 }))).toBe(4);
    expect(compile("revenue / 12", "number").evaluate(lookupOf({ revenue: 24 }))).toBe(2);
  });

  it("conditions compare with == but are not ordered", () => {
    expect(cond("(revenue > 0) == (credit_score > 0)", { revenue: 1, credit_score: -1 })).toBe(false);
    expect(problems("(revenue > 0) < (credit_score > 0)")).toEqual([{ message: '"<" cannot order conditions', offset: 14 }]);
    expect(problems("(revenue > 0) == 1")).toEqual([{ message: "cannot compare a condition with number 1", offset: 17 }]);
  });
});

describe("trace", () => {
  const trace = (source: string, data: Data, expect: "condition" | "number" = "condition") => compile(source, expect).trace(lookupOf(data));

  it("one step per comparison, with the values", () => {
    expect(trace("avg_days_late > 30", { avg_days_late: 41.2 })).toEqual({ result: true, steps: ["avg_days_late 41.2 > 30 ✓"] });
    expect(trace("credit_score < 30", { credit_score: null })).toEqual({ result: false, steps: ["credit_score (empty) < 30 ✗"] });
    expect(trace('country in ("FR", "BE")', { country: "FR" })).toEqual({ result: true, steps: ['country "FR" in ("FR", "BE") ✓'] });
    expect(trace('country not in ("FR", "BE")', { country: "FR" })).toEqual({ result: false, steps: ['country "FR" not in ("FR", "BE") ✗'] });
  });

  it("only the comparisons actually evaluated", () => {
    expect(trace("avg_days_late > 30 or credit_score < 30", { avg_days_late: 41.2 }).steps).toEqual(["avg_days_late 41.2 > 30 ✓"]);
    expect(trace("avg_days_late > 30 and credit_score < 30", { avg_days_late: 12 }).steps).toEqual(["avg_days_late 12 > 30 ✗"]);
    expect(trace("avg_days_late > 30 and credit_score < 30", { avg_days_late: 31, credit_score: 10 }).steps).toEqual([
      "avg_days_late 31 > 30 ✓",
      "credit_score 10 < 30 ✓",
    ]);
    expect(trace('if revenue > 0 then country == "FR" else country == "BE"', { revenue: 0, country: "BE" }).steps).toEqual([
      "revenue 0 > 0 ✗",
      'country "BE" == "BE" ✓',
    ]);
  });

  it("numbers with up to 2 decimals; computed operands shown with their text", () => {
    expect(trace("revenue > 1000", { revenue: 1234.5678 }).steps).toEqual(["revenue 1234.57 > 1000 ✓"]);
    expect(trace("revenue / 3 > 100", { revenue: 1000 }).steps).toEqual(["(revenue / 3) 333.33 > 100 ✓"]);
    expect(trace("max(revenue,   credit_score) >= 2", { revenue: 1, credit_score: 2 }).steps).toEqual(["max(revenue, credit_score) 2 >= 2 ✓"]);
    expect(trace("avg_days_late > -5", { avg_days_late: -4.999 }).steps).toEqual(["avg_days_late -5 > -5 ✓"]);
    expect(trace('sales_area == "3"', { sales_area: 3 }).steps).toEqual(['sales_area 3 == "3" ✗']);
  });

  it("chained relations give one step per link; exists and empty are steps", () => {
    expect(trace("30 < avg_days_late <= 60", { avg_days_late: 61 }).steps).toEqual(["30 < avg_days_late 61 ✓", "avg_days_late 61 <= 60 ✗"]);
    expect(trace("30 < avg_days_late <= 60", { avg_days_late: 3 }).steps).toEqual(["30 < avg_days_late 3 ✗"]);
    expect(trace("exists(credit_score) or empty(country)", { country: "FR" }).steps).toEqual(["exists(credit_score (empty)) ✗", 'empty(country "FR") ✗']);
  });

  it("a number expression traces the comparisons inside it", () => {
    expect(trace('if country == "FR" then revenue else 0', { country: "FR", revenue: 7 }, "number")).toEqual({ result: 7, steps: ['country "FR" == "FR" ✓'] });
    expect(trace("revenue * 2", { revenue: 7 }, "number")).toEqual({ result: 14, steps: [] });
  });

  it("trace gives the same result as evaluate, also on a runtime error", () => {
    const c = compile("sales_area + 1 > 0 or revenue > 0");
    const lookup = lookupOf({ sales_area: "x", revenue: 1 });
    expect(c.evaluate(lookup)).toBeNull();
    expect(c.trace(lookup).result).toBeNull();
  });
});

describe("the lookup", () => {
  it("is asked once per name per evaluation, and only for the names of `fields`", () => {
    const asked: string[] = [];
    const c = compile("revenue > 1 and revenue < 10 and 1 < revenue < 9");
    c.evaluate((n) => {
      asked.push(n);
      return 5;
    });
    expect(asked).toEqual(["revenue"]);
  });

  it("an expression can be evaluated from inside another's lookup", () => {
    const inner = compile("revenue > 1");
    const outer = compile("credit_score > 1 and revenue > 0");
    const result = outer.evaluate((n) => (n === "credit_score" ? (inner.evaluate(() => 5) === true ? 2 : 0) : 1));
    expect(result).toBe(true);
  });
});

describe("names in any script", () => {
  it("reads a column header with accents as a free field", () => {
    const { expression, problems } = compileRuleExpression('Région == "Bretagne" and revenue > 10', catalogue, "condition");
    expect(problems).toEqual([]);
    expect(expression!.freeFields).toEqual(["Région"]);
    const values: Record<string, string | number> = { "Région": "Bretagne", revenue: 11 };
    expect(expression!.evaluate((n) => values[n])).toBe(true);
    expect(expression!.evaluate((n) => ({ ...values, "Région": "Alsace" })[n])).toBe(false);
  });
});
