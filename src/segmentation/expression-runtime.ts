/**
 * Evaluation of a checked rule expression with filtrex.
 *
 * filtrex is given a source written here from the checked syntax tree (fully
 * parenthesised, every name single-quoted, numbers normalised), never the user's text, so
 * it runs exactly what was checked. Its operators, functions and name lookup are all
 * replaced:
 *
 * - every name is read through `customProp`, which asks the caller's lookup function and
 *   nothing else (the data object filtrex passes is `undefined` and never read);
 * - a comparison with a null operand is false (also `!=`); a number and a text are never
 *   equal and never ordered; texts are ordered by code unit (ISO dates order correctly);
 * - arithmetic with a null operand gives null, and so do a division (or mod) by zero and
 *   any result that is not a finite number; arithmetic on text is a runtime error;
 * - `in` / `not in` (filtrex's own `in` cannot be overridden: it throws on null) are the
 *   functions `$in` / `$notin`: false when the value is null, null items are skipped;
 * - min, max, abs, round, floor, ceil give null when an argument is null (filtrex's use
 *   Math.*, where abs(null) is 0); round() rounds halves away from zero.
 *
 * A runtime error (e.g. a free column holding text used in arithmetic) makes the whole
 * result null: filtrex catches what its function throws and returns it, and the result is
 * then replaced by null. Hence, as in SQL, `not (x < 3)` is TRUE when x is null, because the
 * comparison `x < 3` is false.
 *
 * For `trace`, a second function is compiled in which each comparison (and exists/empty)
 * is a call to `$step(id, operands…)`, which compares with the same code and records the
 * comparison as text.
 */
import { compileExpression, type Operators } from "filtrex";
import type { Value } from "./expression.js";
import type { CompareOp, Node } from "./expression-syntax.js";

export type Result = Value | boolean;
type Scalar = number | string | boolean | null;

/** Thrown by an operator or function on a value of the wrong type; filtrex turns it into a result. */
export class RuleRuntimeError extends Error {}

const isNull = (v: unknown): v is null | undefined => v === null || v === undefined;

function kindOf(v: unknown): string {
  if (typeof v === "string") return "text";
  if (typeof v === "boolean") return "a condition";
  return typeof v;
}

function number(v: unknown): number {
  if (typeof v === "number") return v;
  throw new RuleRuntimeError(`expected a number, got ${kindOf(v)}`);
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function arithmetic(op: string, a: unknown, b: unknown): number | null {
  if (isNull(a) || isNull(b)) return null;
  const x = number(a);
  const y = number(b);
  switch (op) {
    case "+": return finiteOrNull(x + y);
    case "-": return finiteOrNull(x - y);
    case "*": return finiteOrNull(x * y);
    case "/": return y === 0 ? null : finiteOrNull(x / y);
    case "mod": return y === 0 ? null : finiteOrNull(((x % y) + y) % y);
    case "^": return finiteOrNull(Math.pow(x, y));
    default: throw new RuleRuntimeError(`unknown operator ${op}`);
  }
}

export function compare(op: string, a: unknown, b: unknown): boolean {
  if (isNull(a) || isNull(b)) return false;
  if (op === "==") return a === b;
  if (op === "!=") return a !== b;
  const comparable = (typeof a === "number" && typeof b === "number") || (typeof a === "string" && typeof b === "string");
  if (!comparable) return false;
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case "<": return x < y;
    case "<=": return x <= y;
    case ">": return x > y;
    case ">=": return x >= y;
    default: throw new RuleRuntimeError(`unknown comparison ${op}`);
  }
}

export function member(negated: boolean, value: unknown, items: readonly unknown[]): boolean {
  if (isNull(value)) return false;
  const present = items.some((item) => !isNull(item) && item === value);
  return negated ? !present : present;
}

const unaryNumeric = (f: (x: number) => number) => (v: unknown): number | null => (isNull(v) ? null : finiteOrNull(f(number(v))));

const extremum = (f: (...xs: number[]) => number) => (...args: unknown[]): number | null => {
  if (args.length === 0 || args.some(isNull)) return null;
  return finiteOrNull(f(...args.map(number)));
};

const FUNCTION_IMPLEMENTATIONS: Record<string, (...args: unknown[]) => Scalar> = {
  abs: unaryNumeric(Math.abs),
  ceil: unaryNumeric(Math.ceil),
  floor: unaryNumeric(Math.floor),
  round: unaryNumeric((x) => Math.sign(x) * Math.round(Math.abs(x))),
  min: extremum(Math.min),
  max: extremum(Math.max),
  exists: (v) => !isNull(v),
  empty: (v) => isNull(v) || v === "",
  coalesce: (...args) => {
    for (const a of args) if (!isNull(a)) return a as Scalar;
    return null;
  },
};

function refuse(what: string): never {
  throw new RuleRuntimeError(`${what} is not allowed in rules`);
}

/** filtrex's built-ins not offered to rules: overridden so that even a forged call cannot reach them. */
const REFUSED_FUNCTIONS = ["log", "log2", "log10", "sqrt"];

// ---------------------------------------------------------------- source for filtrex

const quote = (text: string, q: string): string => q + text.replace(/\\/g, "\\\\").split(q).join(`\\${q}`) + q;

/** One traced comparison: what to compute and how to show it. */
type Step =
  | { kind: "compare"; op: CompareOp; left: Node; right: Node }
  | { kind: "in"; negated: boolean; left: Node; items: Node[] }
  | { kind: "test"; name: "exists" | "empty"; arg: Node };

class Emitter {
  readonly steps: Step[] = [];
  constructor(
    private readonly source: string,
    private readonly tracing: boolean,
  ) {}

  private step(s: Step, operands: Node[]): string {
    this.steps.push(s);
    return `$step(${this.steps.length - 1}, ${operands.map((o) => this.emit(o)).join(", ")})`;
  }

  emit(n: Node): string {
    switch (n.kind) {
      case "number":
        // the source digits, without leading zeros: filtrex hands numbers to JavaScript as
        // written, and in a sloppy-mode Function "010" is octal (8)
        return this.source.slice(n.start, n.end).replace(/^0+(?=\d)/, "");
      case "string": return quote(n.value, '"');
      case "field": return quote(n.name, "'");
      case "neg": return `(- ${this.emit(n.operand)})`;
      // keywords are always followed by a space: filtrex's lexer eats the character after a
      // keyword, so "not(" would lose its parenthesis
      case "not": return `(not ${this.emit(n.operand)})`;
      case "arith": return `(${this.emit(n.left)} ${n.op} ${this.emit(n.right)})`;
      case "logic": return `(${this.emit(n.left)} ${n.op} ${this.emit(n.right)})`;
      case "compare":
        if (this.tracing) {
          const parts = n.ops.map(({ op }, i) => {
            const left = n.operands[i]!;
            const right = n.operands[i + 1]!;
            return this.step({ kind: "compare", op, left, right }, [left, right]);
          });
          return parts.length === 1 ? parts[0]! : `(${parts.join(" and ")})`;
        }
        return `(${n.operands.map((o, i) => (i === 0 ? "" : `${n.ops[i - 1]!.op} `) + this.emit(o)).join(" ")})`;
      case "in":
        if (this.tracing) return this.step({ kind: "in", negated: n.negated, left: n.left, items: n.items }, [n.left, ...n.items]);
        return `${n.negated ? "$notin" : "$in"}(${[n.left, ...n.items].map((o) => this.emit(o)).join(", ")})`;
      case "call":
        if (this.tracing && (n.name === "exists" || n.name === "empty") && n.args.length === 1) {
          return this.step({ kind: "test", name: n.name, arg: n.args[0]! }, [n.args[0]!]);
        }
        return `${n.name}(${n.args.map((a) => this.emit(a)).join(", ")})`;
      case "if": return `(if ${this.emit(n.cond)} then ${this.emit(n.then)} else ${this.emit(n.else)})`;
    }
  }
}

// ---------------------------------------------------------------- trace text

/** Up to 2 decimals: 41.2, 1234.57, 3. */
export function formatNumber(v: number): string {
  const rounded = Number(v.toFixed(2));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

function formatValue(v: unknown): string {
  if (isNull(v)) return "(empty)";
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

class StepWriter {
  constructor(private readonly source: string) {}

  private text(n: Node): string {
    return this.source.slice(n.start, n.end).replace(/\s+/g, " ").trim();
  }

  /** a literal as written; anything else as its text and its value */
  private operand(n: Node, v: unknown): string {
    if (n.kind === "number" || n.kind === "string" || (n.kind === "neg" && n.operand.kind === "number")) return this.text(n);
    const label = n.kind === "field" ? n.name : n.kind === "call" ? this.text(n) : `(${this.text(n)})`;
    return `${label} ${formatValue(v)}`;
  }

  write(s: Step, values: readonly unknown[], result: boolean): string {
    const mark = result ? "✓" : "✗";
    switch (s.kind) {
      case "compare": return `${this.operand(s.left, values[0])} ${s.op} ${this.operand(s.right, values[1])} ${mark}`;
      case "in": {
        const items = s.items.map((item, i) => this.operand(item, values[i + 1])).join(", ");
        return `${this.operand(s.left, values[0])} ${s.negated ? "not in" : "in"} (${items}) ${mark}`;
      }
      case "test": return `${s.name}(${this.operand(s.arg, values[0])}) ${mark}`;
    }
  }
}

function evaluateStep(s: Step, values: readonly unknown[]): boolean {
  switch (s.kind) {
    case "compare": return compare(s.op, values[0], values[1]);
    case "in": return member(s.negated, values[0], values.slice(1));
    case "test": return s.name === "exists" ? !isNull(values[0]) : isNull(values[0]) || values[0] === "";
  }
}

// ---------------------------------------------------------------- running

type Lookup = (name: string) => Value | undefined;

/** One evaluation: the caller's lookup (each name asked once) and, when tracing, the steps. */
class Evaluation {
  private readonly seen = new Map<string, Value>();
  constructor(
    private readonly lookup: Lookup,
    readonly steps: string[] | null,
  ) {}

  read(name: string): Value {
    const cached = this.seen.get(name);
    if (cached !== undefined || this.seen.has(name)) return cached ?? null;
    const raw: unknown = this.lookup(name);
    const value: Value = typeof raw === "string" ? raw : typeof raw === "number" && Number.isFinite(raw) ? raw : null;
    this.seen.set(name, value);
    return value;
  }
}

function normaliseResult(v: unknown): Result {
  if (typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  return null;
}

export interface Runnable {
  evaluate(lookup: Lookup): Result;
  trace(lookup: Lookup): { result: Result; steps: string[] };
}

/** Compiles the checked tree with filtrex (twice: plain and traced). May throw only on an internal fault. */
export function buildRunnable(ast: Node, source: string): Runnable {
  let current: Evaluation | null = null;
  const plain = new Emitter(source, false);
  const traced = new Emitter(source, true);
  const plainSource = plain.emit(ast);
  const tracedSource = traced.emit(ast);
  const writer = new StepWriter(source);

  const operators: Record<string, (...args: unknown[]) => unknown> = {
    "+": (a, b) => arithmetic("+", a, b),
    "-": (...args) => (args.length === 1 ? (isNull(args[0]) ? null : finiteOrNull(-number(args[0]))) : arithmetic("-", args[0], args[1])),
    "*": (a, b) => arithmetic("*", a, b),
    "/": (a, b) => arithmetic("/", a, b),
    "^": (a, b) => arithmetic("^", a, b),
    mod: (a, b) => arithmetic("mod", a, b),
    "%": () => refuse("%"),
    "==": (a, b) => compare("==", a, b),
    "!=": (a, b) => compare("!=", a, b),
    "<": (a, b) => compare("<", a, b),
    "<=": (a, b) => compare("<=", a, b),
    ">": (a, b) => compare(">", a, b),
    ">=": (a, b) => compare(">=", a, b),
    "~=": () => refuse("~="),
  };
  const functions: Record<string, (...args: unknown[]) => unknown> = {
    ...FUNCTION_IMPLEMENTATIONS,
    $in: (value, ...items) => member(false, value, items),
    $notin: (value, ...items) => member(true, value, items),
    $step: (id, ...values) => {
      const s = typeof id === "number" ? traced.steps[id] : undefined;
      if (s === undefined) throw new RuleRuntimeError("unknown step");
      const result = evaluateStep(s, values);
      current?.steps?.push(writer.write(s, values, result));
      return result;
    },
  };
  for (const name of REFUSED_FUNCTIONS) functions[name] = () => refuse(`${name}()`);

  const options = {
    extraFunctions: functions,
    operators: operators as unknown as Operators,
    // every name goes to the lookup, and only there: filtrex's data object is never read
    customProp: (name: string): Value => (current === null ? null : current.read(name)),
  };
  const plainFn = compileExpression(plainSource, options);
  const tracedFn = compileExpression(tracedSource, options);

  const run = (fn: (data: unknown) => unknown, evaluation: Evaluation): Result => {
    const previous = current;
    current = evaluation;
    try {
      return normaliseResult(fn(undefined));
    } catch {
      return null;
    } finally {
      current = previous;
    }
  };

  return {
    evaluate: (lookup) => run(plainFn, new Evaluation(lookup, null)),
    trace: (lookup) => {
      const evaluation = new Evaluation(lookup, []);
      const result = run(tracedFn, evaluation);
      return { result, steps: evaluation.steps ?? [] };
    },
  };
}
