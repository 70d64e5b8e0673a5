/**
 * Hostile rule expressions: prototype names, globals, calls, regular expressions, huge
 * inputs. Each compiles or fails with typed problems in bounded time, and none can read
 * or change anything but what the lookup function hands out.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compileRuleExpression, type FieldCatalogue, type Value } from "../../../src/segmentation/expression.js";

const catalogue: FieldCatalogue = {
  typeOf: (n) => (n === "revenue" || n === "x" ? "number" : n === "country" ? "text" : undefined),
  names: () => ["revenue", "x", "country"],
};

const SENTINEL = "__relance_expression_pwned";
const globals = globalThis as Record<string, unknown>;

function snapshot(o: object): [string | symbol, PropertyDescriptor | undefined][] {
  return Reflect.ownKeys(o).map((k) => [k, Object.getOwnPropertyDescriptor(o, k)]);
}

let before: { object: ReturnType<typeof snapshot>; fn: ReturnType<typeof snapshot>; array: ReturnType<typeof snapshot>; globalKeys: number };

beforeEach(() => {
  before = { object: snapshot(Object.prototype), fn: snapshot(Function.prototype), array: snapshot(Array.prototype), globalKeys: Reflect.ownKeys(globalThis).length };
});

afterEach(() => {
  expect(snapshot(Object.prototype)).toEqual(before.object);
  expect(snapshot(Function.prototype)).toEqual(before.fn);
  expect(snapshot(Array.prototype)).toEqual(before.array);
  expect(globals[SENTINEL]).toBeUndefined();
  expect(Reflect.ownKeys(globalThis).length).toBe(before.globalKeys);
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
});

/** Compiles and, when it compiles, evaluates and traces with a lookup that records every name asked. */
function attempt(source: string, expect_: "condition" | "number" = "condition") {
  const asked: string[] = [];
  const lookup = (name: string): Value | undefined => {
    asked.push(name);
    return undefined;
  };
  const started = performance.now();
  const { expression, problems } = compileRuleExpression(source, catalogue, expect_);
  const result = expression?.evaluate(lookup);
  const traced = expression?.trace(lookup);
  const ms = performance.now() - started;
  for (const p of problems) {
    expect(typeof p.message).toBe("string");
    expect(Number.isInteger(p.offset)).toBe(true);
    expect(p.offset).toBeGreaterThanOrEqual(0);
    expect(p.offset).toBeLessThanOrEqual(source.length);
  }
  if (expression) for (const n of asked) expect(expression.fields).toContain(n);
  return { expression, problems, result, traced, asked, ms };
}

describe("prototype names", () => {
  it.each(["constructor", "__proto__", "prototype"])("%s is refused at compile time, quoted or not", (name) => {
    for (const source of [`${name} == 1`, `'${name}' == 1`, `x == 1 and ${name} > 0`]) {
      const { expression, problems } = attempt(source);
      expect(expression).toBeNull();
      expect(problems.map((p) => p.message)).toEqual([`"${name}" is not a field name`]);
    }
  });

  it("'constructor' of x: object access is refused", () => {
    const { expression, problems } = attempt("'constructor' of x");
    expect(expression).toBeNull();
    expect(problems.some((p) => p.message === '"of" (object access) is not allowed in rules' && p.offset === 14)).toBe(true);
  });

  it("toString, valueOf, hasOwnProperty are plain unknown names: null at run time", () => {
    for (const name of ["toString", "valueOf", "hasOwnProperty", "__defineGetter__", "isPrototypeOf"]) {
      const { expression, result, traced, asked } = attempt(`${name} == 1`);
      expect(expression?.freeFields).toEqual([name]);
      expect(result).toBe(false);
      expect(traced?.steps).toEqual([`${name} (empty) == 1 ✗`]);
      expect(asked).toEqual([name, name]); // once for evaluate, once for trace, and only through the lookup
      expect(attempt(`exists(${name})`).result).toBe(false);
    }
  });

  it("constructor.constructor is one (free) name, and calling it is an unknown function", () => {
    expect(attempt("constructor.constructor == 1").result).toBe(false);
    const { expression, problems } = attempt('constructor.constructor("return process")() == 1');
    expect(expression).toBeNull();
    expect(problems[0]!.message).toMatch(/^unknown function "constructor\.constructor"|^unexpected/);
  });
});

describe("globals and calls", () => {
  it.each(["process", "this", "globalThis", "window", "global", "require", "module", "Function", "eval"])("%s is only a name the lookup may answer", (name) => {
    const { expression, result, asked } = attempt(`exists(${name})`);
    expect(expression?.freeFields).toEqual([name]);
    expect(result).toBe(false);
    expect(asked).toEqual([name, name]);
  });

  it.each([
    'require("fs") == 1',
    'process("exit") == 1',
    'eval("1") == 1',
    'Function("return this") == 1',
    "log(x) > 1",
    "sqrt(x) > 1",
    "$in(x, 1)",
    "$notin(x, 1)",
    "$step(0, x, 1)",
    "toString() == 1",
  ])("%s: not a known function", (source) => {
    const { expression, problems } = attempt(source);
    expect(expression).toBeNull();
    expect(problems[0]!.message).toMatch(/^unknown function/);
    expect(problems[0]!.offset).toBe(0);
  });

  it("setting something is not in the language", () => {
    for (const source of [`${SENTINEL} = 1`, "x = 1", "polluted == 1 ; x = 2", "x == 1 ? x : 2", "x => 1", "`x` == 1", "x[0] == 1", "{} == 1"]) {
      expect(attempt(source).expression, source).toBeNull();
    }
    const { result } = attempt(`${SENTINEL} == 1 or polluted == 1`);
    expect(result).toBe(false);
  });

  it("a lookup handing out hostile values cannot make evaluate return them", () => {
    const { expression } = compileRuleExpression("coalesce(x, revenue)", catalogue, "number");
    for (const v of [{ toString: () => "boom" }, () => 1, [1], Symbol("s"), 10n, new Number(3), Object.create(null)]) {
      expect(expression!.evaluate(() => v as unknown as Value)).toBeNull();
    }
  });
});

describe("regular expressions", () => {
  it('x ~= "(a+)+$" is refused at compile time, at the operator', () => {
    const { expression, problems } = attempt('country ~= "(a+)+$"');
    expect(expression).toBeNull();
    expect(problems).toEqual([{ message: "regular expressions (~=) are not allowed in rules", offset: 8 }]);
  });

  it("a regular-expression-looking string is only a string (no matching, no ReDoS)", () => {
    const { expression } = compileRuleExpression('country == "(a+)+$"', catalogue, "condition");
    const started = performance.now();
    expect(expression!.evaluate(() => `${"a".repeat(50_000)}!`)).toBe(false);
    expect(expression!.evaluate(() => "(a+)+$")).toBe(true);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe("huge inputs: bounded time, typed problems, no throw", () => {
  const cases: [string, string][] = [
    ["10k tokens of +", `${Array.from({ length: 5000 }, () => "x").join(" + ")} > 0`],
    ["10k nested parentheses", `${"(".repeat(10_000)}x${")".repeat(10_000)} > 0`],
    ["10k not", `${"not ".repeat(10_000)}(x > 0)`],
    ["10k unary minus", `${"-".repeat(10_000)}x > 0`],
    ["10k-item list", `x in (${Array.from({ length: 10_000 }, (_, i) => i).join(", ")})`],
    ["10k or", Array.from({ length: 2500 }, () => "x > 1").join(" or ")],
    ["right-nested ^", `${Array.from({ length: 5000 }, () => "x").join(" ^ ")} > 0`],
    ["nested if", `${"if x > 0 then ".repeat(3000)}1${" else 2".repeat(3000)} > 0`],
    ["nested calls", `${"abs(".repeat(5000)}x${")".repeat(5000)} > 0`],
    ["1 MB string", `country == "${"a".repeat(1_000_000)}"`],
    ["1 MB name", `${"a".repeat(1_000_000)} > 0`],
    ["1 MB number", `${"9".repeat(1_000_000)} > x`],
    ["100k garbage", "@#".repeat(50_000)],
    ["100k quotes", "'".repeat(100_001)],
    ["unclosed 1 MB string", `"${"a".repeat(1_000_000)}`],
  ];

  it.each(cases)("%s", (_label, source) => {
    const { problems, ms, expression } = attempt(source);
    expect(ms).toBeLessThan(1000);
    expect(expression === null ? problems.length > 0 : problems.length === 0).toBe(true);
    for (const p of problems) expect(p.message.length).toBeLessThan(200);
  });

  it("the limits still allow long honest rules (a 150-way or, a 1000-item list)", () => {
    const or = attempt(Array.from({ length: 150 }, (_, i) => `x == ${i}`).join(" or "));
    expect(or.problems).toEqual([]);
    expect(or.expression!.evaluate(() => 149)).toBe(true);
    const list = attempt(`x in (${Array.from({ length: 1000 }, (_, i) => i).join(", ")})`);
    expect(list.expression!.evaluate(() => 999)).toBe(true);
    const sum = attempt(`${Array.from({ length: 190 }, () => "x").join(" + ")} == 190`);
    expect(sum.expression!.evaluate(() => 1)).toBe(true);
    expect(sum.expression!.trace(() => 1).steps).toEqual(["(" + Array.from({ length: 190 }, () => "x").join(" + ") + ") 190 == 190 ✓"]);
  });
});
