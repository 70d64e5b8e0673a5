/**
 * Properties of compileRuleExpression on random input:
 *
 * 1. well-typed expressions from a grammar-based arbitrary (fields, literals, every
 *    operator and function, parentheses, if/then/else, chains, in-lists) compile without a
 *    problem, list their names in order of first appearance, and evaluate to what an
 *    independent reference interpreter (written below from the spec's null rules) gives;
 * 2. token soup, mutated expressions and arbitrary strings never make compile, evaluate or
 *    trace throw, problems are well-formed, results are only number/string/boolean/null;
 * 3. the lookup (a Proxy that records every use) is only ever called, and only with a name
 *    of `fields`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRuleExpression, type CompiledExpression, type FieldCatalogue, type FieldType, type Value } from "../../../src/segmentation/expression.js";

const RUNS = { numRuns: 400 };

const NUM_FIELDS = ["revenue", "avg_days_late", "credit_score"] as const;
const TEXT_FIELDS = ["country", "risk"] as const;
/** not in the catalogue, more than 2 edits from every name in it */
const FREE_FIELDS = ["region_code", "segment_label"] as const;
const ALL_FIELDS = [...NUM_FIELDS, ...TEXT_FIELDS, ...FREE_FIELDS];

const TYPES = new Map<string, FieldType>([...NUM_FIELDS.map((n) => [n, "number"] as const), ...TEXT_FIELDS.map((n) => [n, "text"] as const)]);
const catalogue: FieldCatalogue = { typeOf: (n) => TYPES.get(n), names: () => [...TYPES.keys()] };

// ------------------------------------------------------------------ reference interpreter

type R = number | string | boolean | null;
type Env = (name: string) => Value;
/** a runtime error: the whole result is null */
class Fault {}

interface Gen {
  src: string;
  /** field names in order of appearance in src */
  names: string[];
  run(env: Env): R;
}

const isNull = (v: R): v is null => v === null;
const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
function asNumber(v: R): number {
  if (typeof v !== "number") throw new Fault();
  return v;
}

function arith(op: string, x: R, y: R): R {
  if (isNull(x) || isNull(y)) return null;
  const a = asNumber(x);
  const b = asNumber(y);
  switch (op) {
    case "+": return fin(a + b);
    case "-": return fin(a - b);
    case "*": return fin(a * b);
    case "/": return b === 0 ? null : fin(a / b);
    case "^": return fin(Math.pow(a, b));
    default: return b === 0 ? null : fin(((a % b) + b) % b); // mod: filtrex's definition, the sign of the divisor
  }
}

function cmp(op: string, x: R, y: R): boolean {
  if (isNull(x) || isNull(y)) return false;
  if (op === "==") return x === y;
  if (op === "!=") return x !== y;
  if (!((typeof x === "number" && typeof y === "number") || (typeof x === "string" && typeof y === "string"))) return false;
  return op === "<" ? x < y : op === "<=" ? x <= y : op === ">" ? x > y : x >= y;
}

const sp = fc.constantFrom(" ", "  ", "\n\t");
const tight = fc.constantFrom("", " ", "\n");

const fieldGen = (name: string): Gen => ({ src: name, names: [name], run: (env) => env(name) });

const numLiteral: fc.Arbitrary<Gen> = fc
  .oneof(fc.nat(1000).map(String), fc.tuple(fc.nat(999), fc.nat(99)).map(([a, b]) => `${a}.${String(b).padStart(2, "0")}`), fc.constantFrom("0", "007", "0.5", "100000"))
  .map((text) => ({ src: text, names: [], run: () => Number(text) }));

const textLiteral: fc.Arbitrary<Gen> = fc
  .oneof(fc.constantFrom("FR", "BE", "", 'say "hi"', "back\\slash", "été", "l'atelier", "(a+)+$"), fc.string({ maxLength: 6 }))
  .map((text) => ({ src: `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`, names: [], run: () => text }));

const join = (...parts: Gen[]): string[] => parts.flatMap((p) => p.names);

const { num, text, cond } = fc.letrec<{ num: Gen; text: Gen; cond: Gen }>((tie) => {
  const num = tie("num");
  const text = tie("text");
  const cond = tie("cond");
  const value = fc.oneof(num, text);
  const opts = { depthSize: "small" as const, maxDepth: 4, withCrossShrink: true };

  const numGen = fc.oneof(
    opts,
    fc.constantFrom(...NUM_FIELDS, ...FREE_FIELDS).map(fieldGen),
    numLiteral,
    fc.tuple(num, fc.constantFrom("+", "-", "*", "/", "^", "mod"), num, tight, sp).map(([a, op, b, t, s]): Gen => {
      const sep = op === "mod" ? s : t;
      return { src: `(${a.src}${sep}${op}${sep}${b.src})`, names: join(a, b), run: (env) => arith(op, a.run(env), b.run(env)) };
    }),
    num.map((a): Gen => ({
      src: `(-${a.src})`,
      names: a.names,
      run: (env) => {
        const x = a.run(env);
        return isNull(x) ? null : fin(-asNumber(x));
      },
    })),
    fc.tuple(fc.constantFrom("abs", "round", "floor", "ceil"), num).map(([f, a]): Gen => ({
      src: `${f}(${a.src})`,
      names: a.names,
      run: (env) => {
        const x = a.run(env);
        if (isNull(x)) return null;
        const n = asNumber(x);
        return fin(f === "abs" ? Math.abs(n) : f === "floor" ? Math.floor(n) : f === "ceil" ? Math.ceil(n) : n < 0 ? -Math.round(-n) : Math.round(n));
      },
    })),
    fc.tuple(fc.constantFrom("min", "max"), fc.array(num, { minLength: 1, maxLength: 3 })).map(([f, args]): Gen => ({
      src: `${f}(${args.map((a) => a.src).join(", ")})`,
      names: join(...args),
      run: (env) => {
        const xs = args.map((a) => a.run(env));
        if (xs.some(isNull)) return null;
        const ns = xs.map(asNumber);
        return fin(f === "min" ? Math.min(...ns) : Math.max(...ns));
      },
    })),
    fc.array(num, { minLength: 1, maxLength: 3 }).map(coalesce),
    fc.tuple(cond, num, num).map(([c, a, b]) => conditional(c, a, b)),
  );

  const textGen = fc.oneof(
    opts,
    fc.constantFrom(...TEXT_FIELDS, ...FREE_FIELDS).map(fieldGen),
    textLiteral,
    fc.array(text, { minLength: 1, maxLength: 3 }).map(coalesce),
    fc.tuple(cond, text, text).map(([c, a, b]) => conditional(c, a, b)),
  );

  const relop = fc.constantFrom("==", "!=", "<", "<=", ">", ">=");
  const comparable = fc.oneof(fc.tuple(num, num, num), fc.tuple(text, text, text));
  const condGen = fc.oneof(
    opts,
    fc.tuple(comparable, relop, tight).map(([[a, b], op, t]): Gen => ({
      src: `${a.src}${t}${op}${t}${b.src}`,
      names: join(a, b),
      run: (env) => cmp(op, a.run(env), b.run(env)),
    })),
    fc.tuple(comparable, relop, relop).map(([[a, b, c], op1, op2]): Gen => ({
      src: `${a.src} ${op1} ${b.src} ${op2} ${c.src}`,
      names: join(a, b, c),
      run: (env) => {
        const x = a.run(env);
        const y = b.run(env);
        return cmp(op1, x, y) && cmp(op2, y, c.run(env));
      },
    })),
    fc
      .oneof(fc.tuple(num, fc.array(num, { minLength: 1, maxLength: 4 })), fc.tuple(text, fc.array(text, { minLength: 1, maxLength: 4 })))
      .chain(([left, items]) => fc.tuple(fc.constant(left), fc.constant(items), fc.boolean(), sp))
      .map(([left, items, negated, s]): Gen => ({
        src: `${left.src}${s}${negated ? "not in" : "in"}${s}(${items.map((i) => i.src).join(",")})`,
        names: join(left, ...items),
        run: (env) => {
          const x = left.run(env);
          const ys = items.map((i) => i.run(env));
          if (isNull(x)) return false;
          const present = ys.some((y) => y === x);
          return negated ? !present : present;
        },
      })),
    fc.tuple(cond, fc.constantFrom("and", "or"), cond).map(([a, op, b]): Gen => ({
      src: `(${a.src} ${op} ${b.src})`,
      names: join(a, b),
      run: (env) => (op === "and" ? a.run(env) === true && b.run(env) === true : a.run(env) === true || b.run(env) === true),
    })),
    fc.tuple(cond, tight).map(([a, t]): Gen => ({ src: `not${t === "" ? " " : t}(${a.src})`, names: a.names, run: (env) => !(a.run(env) === true) })),
    fc.tuple(fc.constantFrom("exists", "empty"), value).map(([f, a]): Gen => ({
      src: `${f}(${a.src})`,
      names: a.names,
      run: (env) => {
        const x = a.run(env);
        return f === "exists" ? !isNull(x) : isNull(x) || x === "";
      },
    })),
  );

  return { num: numGen, text: textGen, cond: condGen };
});

function coalesce(args: Gen[]): Gen {
  return {
    src: `coalesce(${args.map((a) => a.src).join(", ")})`,
    names: join(...args),
    run: (env) => {
      const xs = args.map((a) => a.run(env));
      return xs.find((x) => !isNull(x)) ?? null;
    },
  };
}

function conditional(c: Gen, a: Gen, b: Gen): Gen {
  return { src: `(if ${c.src} then ${a.src} else ${b.src})`, names: join(c, a, b), run: (env) => (c.run(env) === true ? a.run(env) : b.run(env)) };
}

function reference(g: Gen, env: Env): R {
  try {
    return g.run(env);
  } catch (e) {
    if (e instanceof Fault) return null;
    throw e;
  }
}

// ------------------------------------------------------------------ data and a watched lookup

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer({ min: -50, max: 50 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constantFrom(0, -0, Number.NaN, Infinity, 0.1, 30),
  fc.constantFrom("FR", "BE", "", "12", "north"),
  fc.string({ maxLength: 4 }),
);

const dataArb: fc.Arbitrary<Record<string, unknown>> = fc.record(Object.fromEntries(ALL_FIELDS.map((n) => [n, anyValue])));

/** The normalisation the engine promises: a finite number or a text, anything else null. */
const normalise = (v: unknown): Value => (typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? v : null);

/** A lookup that records every call and every property read of the function itself. */
function watched(data: Record<string, unknown>) {
  const calls: string[] = [];
  const touched: string[] = [];
  const target = (name: string): Value | undefined => (Object.prototype.hasOwnProperty.call(data, name) ? (data[name] as Value) : undefined);
  const lookup = new Proxy(target, {
    apply: (fn, _this, args: unknown[]) => {
      calls.push(String(args[0]));
      return fn(String(args[0]));
    },
    get: (fn, prop) => {
      touched.push(String(prop));
      return Reflect.get(fn, prop);
    },
    set: (_fn, prop) => {
      touched.push(`set ${String(prop)}`);
      return false;
    },
  });
  return { lookup, calls, touched };
}

const isResult = (v: unknown): boolean => v === null || typeof v === "boolean" || typeof v === "string" || (typeof v === "number" && Number.isFinite(v));

/** Compiles; checks the problems; when compiled, evaluates and traces with a watched lookup. */
function safely(source: string, expectKind: "condition" | "number", data: Record<string, unknown>): CompiledExpression | null {
  const { expression, problems } = compileRuleExpression(source, catalogue, expectKind);
  expect(expression === null).toBe(problems.length > 0);
  for (const p of problems) {
    expect(typeof p.message).toBe("string");
    expect(p.message.length).toBeGreaterThan(0);
    expect(Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= source.length).toBe(true);
  }
  if (expression === null) return null;
  const { lookup, calls, touched } = watched(data);
  const result = expression.evaluate(lookup);
  const traced = expression.trace(lookup);
  expect(isResult(result)).toBe(true);
  expect(Object.is(traced.result, result)).toBe(true);
  expect(traced.steps.every((s) => typeof s === "string" && (s.endsWith(" ✓") || s.endsWith(" ✗")))).toBe(true);
  expect(touched).toEqual([]);
  for (const name of calls) expect(expression.fields).toContain(name);
  expect(expression.freeFields.every((f) => expression.fields.includes(f))).toBe(true);
  return expression;
}

// ------------------------------------------------------------------ properties

describe("rule expressions on random input", () => {
  it("a well-typed condition compiles, lists its names, and evaluates like the reference interpreter", () => {
    fc.assert(
      fc.property(cond, dataArb, (g, data) => {
        const expression = safely(g.src, "condition", data);
        expect(expression, g.src).not.toBeNull();
        const order = [...new Set(g.names)];
        expect(expression!.fields).toEqual(order);
        expect(expression!.freeFields).toEqual(order.filter((n) => (FREE_FIELDS as readonly string[]).includes(n)));
        const env: Env = (n) => normalise(data[n]);
        const expected = reference(g, env);
        const actual = expression!.evaluate((n) => data[n] as Value);
        expect(Object.is(actual, expected), `${g.src} → ${String(actual)}, expected ${String(expected)}`).toBe(true);
      }),
      RUNS,
    );
  });

  it("a well-typed number expression compiles and evaluates like the reference interpreter", () => {
    fc.assert(
      fc.property(num, dataArb, (g, data) => {
        const expression = safely(g.src, "number", data);
        expect(expression, g.src).not.toBeNull();
        const expected = reference(g, (n) => normalise(data[n]));
        expect(expression!.evaluate((n) => data[n] as Value)).toEqual(expected);
      }),
      RUNS,
    );
  });

  const TOKENS = [
    ...ALL_FIELDS, "avg_days_lat", "constructor", "__proto__", "prototype", "toString", "process", "this", "'country'", "'FR'", "'x", "null", "true",
    "0", "1", "2.5", "007", "1e5", "1.", '"FR"', '"a\\"b"', '"unclosed', '"\\n"',
    "==", "!=", "<", "<=", ">", ">=", "~=", "=", "+", "-", "*", "/", "^", "%", "mod", "!", "&&", "?", ":",
    "and", "or", "not", "in", "not in", "of", "if", "then", "else", "(", ")", ",",
    "abs", "min", "max", "round", "floor", "ceil", "exists", "empty", "coalesce", "sqrt", "require", "$in", "$step",
  ];
  const soup = fc.array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(" ", "", "\n")), { maxLength: 25 }).map((ts) => ts.map(([t, s]) => t + s).join(""));

  it("token soup never makes compile, evaluate or trace throw", () => {
    fc.assert(
      fc.property(soup, fc.constantFrom("condition" as const, "number" as const), dataArb, (source, kind, data) => {
        safely(source, kind, data);
      }),
      { numRuns: 1500 },
    );
  });

  it("a mutated well-typed expression never makes anything throw", () => {
    const mutated = fc.tuple(fc.oneof(cond, num), fc.nat(), fc.nat({ max: 3 }), fc.constantFrom("", "(", ")", '"', "'", "~", "=", " not ", ",", "é", "\\", "0")).map(([g, at, cut, insert]) => {
      const i = at % (g.src.length + 1);
      return g.src.slice(0, i) + insert + g.src.slice(i + cut);
    });
    fc.assert(
      fc.property(mutated, fc.constantFrom("condition" as const, "number" as const), dataArb, (source, kind, data) => {
        safely(source, kind, data);
      }),
      RUNS,
    );
  });

  it("arbitrary strings never make anything throw", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), fc.string({ unit: fc.constantFrom(..."()\"'\\ =<>!~+-*/^%,.$_aino0123456789"), maxLength: 40 })), dataArb, (source, data) => {
        safely(source, "condition", data);
        safely(source, "number", data);
      }),
      { numRuns: 1000 },
    );
  });
});
