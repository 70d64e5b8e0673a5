/**
 * Random expressions never escape the sandbox (issue 8, item 3). Complements
 * expression.property.test.ts (well-typed expressions against a reference interpreter,
 * token soup never throws) and expression-security.test.ts (hand-picked payloads) with
 * properties aimed at escaping:
 *
 * 1. hostile soup — JavaScript syntax, runtime names and injection fragments spliced into
 *    valid rules — compiled and, when it compiles, evaluated with hostile lookup values,
 *    never: calls Function, eval or process.exit (trapped while evaluating), touches an
 *    object the lookup hands out (valueOf, toString, Symbol.toPrimitive, getters), changes
 *    a built-in prototype or a global, returns anything but a primitive, or throws;
 * 2. any text in a string literal is data: `country == "<t>"` holds exactly for t, whatever
 *    t holds (quotes, backslashes, line separators, `${`, comment marks), so no literal can
 *    close itself and inject code into the source filtrex compiles;
 * 3. any quoted name is only a name: `'<n>' == 1` asks the lookup for exactly n.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compileRuleExpression, type FieldCatalogue, type Value } from "../../../src/segmentation/expression.js";

const catalogue: FieldCatalogue = {
  typeOf: (n) => (n === "revenue_total" || n === "avg_days_late" ? "number" : n === "country" ? "text" : undefined),
  names: () => ["revenue_total", "avg_days_late", "country"],
};

// ------------------------------------------------------------------ traps and snapshots

interface Trapped {
  calls: string[];
  restore(): void;
}

/** While active, Function (global and via .constructor), eval and process.exit record and refuse any call. */
function trap(): Trapped {
  const calls: string[] = [];
  const g = globalThis as Record<string, unknown>;
  const functionPrototype = Function.prototype; // taken before the global Function is replaced
  const saved = { Function: g.Function, eval: g.eval, exit: process.exit, ctor: Object.getOwnPropertyDescriptor(functionPrototype, "constructor")! };
  const refuse = (name: string) =>
    function trapped(): never {
      calls.push(name);
      throw new Error(`sandbox escape: ${name} called`);
    };
  g.Function = refuse("Function");
  g.eval = refuse("eval");
  process.exit = refuse("process.exit") as typeof process.exit;
  Object.defineProperty(functionPrototype, "constructor", { ...saved.ctor, value: refuse("Function.prototype.constructor") });
  return {
    calls,
    restore() {
      g.Function = saved.Function;
      g.eval = saved.eval;
      process.exit = saved.exit;
      Object.defineProperty(functionPrototype, "constructor", saved.ctor);
    },
  };
}

const PROTOTYPES = [Object.prototype, Function.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype];
function snapshot(): string[] {
  return [
    ...PROTOTYPES.map((p) => Reflect.ownKeys(p).map(String).sort().join(",")),
    Reflect.ownKeys(globalThis).map(String).sort().join(","),
  ];
}

/** Lookup values that would betray any coercion or property access by the engine. */
function hostileValues(touched: string[]): unknown[] {
  const spy = (label: string) => () => {
    touched.push(label);
    return 1;
  };
  const getter = {};
  for (const key of ["length", "constructor", "then", "__proto__", "0"]) Object.defineProperty(getter, key, { get: spy(`get ${key}`) });
  return [
    { valueOf: spy("valueOf"), toString: spy("toString") },
    { [Symbol.toPrimitive]: spy("toPrimitive") },
    new Proxy({}, { get: (_t, p) => (touched.push(`proxy get ${String(p)}`), undefined) }),
    getter,
    () => touched.push("function called"),
    Symbol("s"),
    10n,
    [1, 2],
    new Number(3),
    Object.create(null),
  ];
}

const isPrimitiveResult = (v: unknown) => v === null || typeof v === "boolean" || typeof v === "string" || (typeof v === "number" && Number.isFinite(v));

/** Compiles, then evaluates and traces under the traps with a lookup handing out `value`; returns what happened. */
function attempt(source: string, value: (name: string) => unknown) {
  const before = snapshot();
  const { expression, problems } = compileRuleExpression(source, catalogue, "condition");
  const asked: string[] = [];
  const lookup = (name: string) => {
    asked.push(name);
    return value(name) as Value;
  };
  let results: unknown[] = [];
  const traps = trap();
  try {
    if (expression) results = [expression.evaluate(lookup), expression.trace(lookup).result];
  } finally {
    traps.restore();
  }
  expect(traps.calls).toEqual([]);
  expect(snapshot()).toEqual(before);
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  for (const r of results) expect(isPrimitiveResult(r), `${source} → ${String(r)}`).toBe(true);
  for (const n of asked) expect(expression!.fields).toContain(n);
  for (const p of problems) expect(Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= source.length).toBe(true);
  expect(expression === null).toBe(problems.length > 0);
  return { expression, problems, results, asked };
}

// ------------------------------------------------------------------ properties

const HOSTILE = [
  "constructor", "__proto__", "prototype", "process", "globalThis", "this", "require", "eval", "Function", "import", "new", "delete",
  "typeof", "void", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "__lookupGetter__", "Symbol", "Reflect", "Proxy",
  "Object", "Array", "module", "exports", "arguments", "return", "function", "class", "await", "async", "yield", "with", "Math", "JSON",
  "setTimeout", "fetch", "Buffer", "polluted",
  ".", "[", "]", "{", "}", ";", "=", "=>", "`", "${", "'", '"', "\\", "?", ":", "!", "&&", "||", "~", "#", "@", "%", "//", "/*", "*/",
  "\n", "\u2028", "\\u0022", "\\x22", "\\'", '\\"', "()", "(", ")", ",", "of", "~=", "in", "not", "and", "or", "if", "then", "else",
  ".constructor", '["constructor"]', ".call(", ".apply(", ".bind(", 'constructor.constructor("return process")()', "process.exit(1)",
  '" + process.exit(1) + "', "' + process.exit(1) + '", '\\" + process.exit(1) + \\"', "$in", "$step", "$notin", "__proto__.polluted",
];
const VALID = ["revenue_total > 100", 'country == "FR"', "avg_days_late >= 30", "exists(country)", 'country in ("FR", "BE")', "abs(revenue_total) < 5", "coalesce(avg_days_late, 0) > 1"];

/** A valid rule with hostile fragments spliced in at random places. */
const spliced = fc.tuple(fc.constantFrom(...VALID), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...HOSTILE), fc.constantFrom("", " ")), { minLength: 1, maxLength: 4 })).map(([base, cuts]) => {
  let s = base;
  for (const [at, piece, sp] of cuts) {
    const i = at % (s.length + 1);
    s = s.slice(0, i) + sp + piece + sp + s.slice(i);
  }
  return s;
});
const soup = fc.array(fc.tuple(fc.constantFrom(...HOSTILE, ...VALID, "revenue_total", "country", "1", '"x"'), fc.constantFrom(" ", "")), { maxLength: 16 }).map((ts) => ts.map(([t, s]) => t + s).join(""));

describe("random expressions never escape the sandbox", () => {
  it("the traps and spies see what they watch for (so the properties below can fail)", () => {
    const traps = trap();
    try {
      expect(() => (() => 0).constructor("return process")).toThrow(/sandbox escape/);
      expect(() => (globalThis as unknown as { eval: (s: string) => unknown }).eval("1")).toThrow(/sandbox escape/);
      expect(() => process.exit(0)).toThrow(/sandbox escape/);
    } finally {
      traps.restore();
    }
    expect(traps.calls).toEqual(["Function.prototype.constructor", "eval", "process.exit"]);
    expect(new Function("return 1")()).toBe(1); // restored
    const touched: string[] = [];
    const [coercible, primitive] = hostileValues(touched);
    void `${String(coercible)}${Number(primitive)}`;
    expect(touched).toEqual(["toString", "toPrimitive"]);
  });

  it("hostile fragments spliced into valid rules: no call out, no coercion, no pollution, no throw", () => {
    let compiled = 0;
    fc.assert(
      fc.property(fc.oneof(spliced, soup), fc.nat(9), (source, pick) => {
        const touched: string[] = [];
        const values = hostileValues(touched);
        const { expression } = attempt(source, () => values[pick]);
        if (expression) compiled++;
        expect(touched, source).toEqual([]);
      }),
      { numRuns: 1500 },
    );
    expect(compiled).toBeGreaterThan(10); // some still compile, and are run under the traps
  });

  it("any text in a string literal is data: `country == \"<t>\"` holds for t and only for t", () => {
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 20 }),
      fc.string({ unit: fc.constantFrom('"', "'", "\\", "`", "${", "}", "\n", "\r", "\u2028", "\u2029", "\u0000", "*/", "//", "<!--", "-->", "a", " ", "+", ")", "(", ";"), maxLength: 20 }),
    );
    fc.assert(
      fc.property(text, (t) => {
        const literal = `"${t.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
        const yes = attempt(`country == ${literal}`, () => t);
        expect(yes.problems).toEqual([]);
        expect(yes.results).toEqual([true, true]);
        const no = attempt(`country == ${literal}`, () => `${t}x`);
        expect(no.results).toEqual([false, false]);
        expect(yes.asked.every((n) => n === "country")).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("any quoted name is only a name: the lookup is asked for exactly it", () => {
    const name = fc
      .string({ unit: fc.constantFrom(..."abcxyz_ -.$éß0129", "\\", "'", '"', "(", ")", "`", "${", "\u2028"), minLength: 3, maxLength: 16 })
      .filter((n) => n.trim() !== "" && !["constructor", "__proto__", "prototype"].includes(n));
    fc.assert(
      fc.property(name, (n) => {
        const quoted = `'${n.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
        const r = attempt(`${quoted} == 1`, (asked) => (asked === n ? 1 : 2));
        if (r.expression === null) {
          // only refused as a typo of a known name, or as a reserved word
          expect(r.problems.map((p) => p.message).join("; ")).toMatch(/did you mean|not a field name|unknown/);
          return;
        }
        expect(r.expression.fields).toEqual([n]);
        expect(r.results).toEqual([true, true]);
        expect(r.asked).toEqual([n, n]);
      }),
      { numRuns: 500 },
    );
  });
});
