/**
 * Compile-time checks of a parsed rule expression: every name resolved against the
 * catalogue (typo → "did you mean", else a free customer column), every function known
 * with the right number of arguments, and types checked where they are known.
 */
import { closest } from "../util/edit-distance.js";
import type { FieldCatalogue, FieldType } from "./expression.js";
import { clip, type Node } from "./expression-syntax.js";

export type StaticType = FieldType | "boolean";

export interface CheckProblem {
  message: string;
  offset: number;
}

interface FunctionSpec {
  min: number;
  max: number;
  /** numeric: numbers in, number out; test: any value in, boolean out; coalesce: values in, their type out */
  kind: "numeric" | "test" | "coalesce";
}

export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map<string, FunctionSpec>([
  ["abs", { min: 1, max: 1, kind: "numeric" }],
  ["ceil", { min: 1, max: 1, kind: "numeric" }],
  ["floor", { min: 1, max: 1, kind: "numeric" }],
  ["round", { min: 1, max: 1, kind: "numeric" }],
  ["min", { min: 1, max: Infinity, kind: "numeric" }],
  ["max", { min: 1, max: Infinity, kind: "numeric" }],
  ["exists", { min: 1, max: 1, kind: "test" }],
  ["empty", { min: 1, max: 1, kind: "test" }],
  ["coalesce", { min: 1, max: Infinity, kind: "coalesce" }],
]);

/** Names that would reach an object's prototype machinery in JavaScript: never fields. */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Words other languages use as values; as free columns they would silently read nothing. */
const VALUE_WORDS: ReadonlyMap<string, string> = new Map([
  ["null", '"null" is not a value in rules: use empty(x) or exists(x)'],
  ["true", '"true" is not a value in rules: write the condition itself, e.g. revenue > 0'],
  ["false", '"false" is not a value in rules: write not (…) around the condition'],
]);

export interface Resolution {
  /** type of every name that resolved (known or free) */
  types: Map<string, FieldType>;
  fields: string[];
  freeFields: string[];
}

/** Resolves every field reference; one problem per bad name, at its first occurrence. */
export function resolveFields(fieldNodes: readonly Extract<Node, { kind: "field" }>[], catalogue: FieldCatalogue, problems: CheckProblem[]): Resolution {
  const types = new Map<string, FieldType>();
  const fields: string[] = [];
  const freeFields: string[] = [];
  const reported = new Set<string>();
  const report = (name: string, message: string, offset: number): void => {
    if (reported.has(name)) return;
    reported.add(name);
    problems.push({ message, offset });
  };
  const known = catalogue.names();
  for (const node of fieldNodes) {
    const { name } = node;
    const shown = clip(name);
    if (!fields.includes(name)) fields.push(name);
    if (FORBIDDEN_NAMES.has(name)) {
      report(name, `"${shown}" is not a field name`, node.start);
      continue;
    }
    const type = catalogue.typeOf(name);
    if (type !== undefined) {
      types.set(name, type);
      continue;
    }
    // the distance is at least the difference in length: skip the hopeless (and a huge name)
    const near = closest(name, known.filter((k) => Math.abs(k.length - name.length) <= 2), 2)[0];
    const hint = near === undefined ? "" : ` (did you mean "${near}"?)`;
    if (node.quoted) {
      report(name, `unknown field '${shown}'${hint}: text values use double quotes, e.g. "${shown}"`, node.start);
      continue;
    }
    if (near !== undefined) {
      report(name, `unknown field "${shown}"${hint}`, node.start);
      continue;
    }
    const word = VALUE_WORDS.get(name);
    if (word !== undefined) {
      report(name, word, node.start);
      continue;
    }
    types.set(name, "any");
    if (!freeFields.includes(name)) freeFields.push(name);
  }
  return { types, fields, freeFields };
}

const isNumeric = (t: StaticType): boolean => t === "number" || t === "any";
/** number vs text can never be equal or ordered; "any" goes with both */
const clash = (a: StaticType, b: StaticType): boolean => (a === "number" && b === "text") || (a === "text" && b === "number");

function typeWord(t: StaticType): string {
  switch (t) {
    case "number": return "a number";
    case "text": return "text";
    case "boolean": return "a condition";
    default: return "a free column";
  }
}

/** "avg_days_late (a number)", "text "high"", "number 3", or the type alone. */
function describe(n: Node, t: StaticType): string {
  if (n.kind === "field") return `${clip(n.name)} (${typeWord(t)})`;
  if (n.kind === "string") return `text ${JSON.stringify(clip(n.value))}`;
  if (n.kind === "number") return `number ${n.value}`;
  return typeWord(t);
}

const isLiteral = (n: Node): boolean => n.kind === "number" || n.kind === "string" || (n.kind === "neg" && n.operand.kind === "number");

export class TypeChecker {
  constructor(
    private readonly types: ReadonlyMap<string, FieldType>,
    private readonly problems: CheckProblem[],
  ) {}

  private problem(message: string, offset: number): void {
    this.problems.push({ message, offset });
  }

  /** The node's type, or null when a problem inside it was already reported. */
  typeOf(n: Node): StaticType | null {
    switch (n.kind) {
      case "number": return "number";
      case "string": return "text";
      case "field": return this.types.get(n.name) ?? null;
      case "neg": {
        const t = this.typeOf(n.operand);
        if (t !== null) this.needNumber(n.operand, t);
        return "number";
      }
      case "arith": {
        const l = this.typeOf(n.left);
        const r = this.typeOf(n.right);
        if (l !== null) this.needNumber(n.left, l);
        if (r !== null) this.needNumber(n.right, r);
        return "number";
      }
      case "not": {
        const t = this.typeOf(n.operand);
        if (t !== null && t !== "boolean") {
          this.problem('"not" needs a condition, and binds tighter than comparisons: put the whole comparison in parentheses, e.g. not (x < 3), or use "x not in (…)"', n.start);
          return null;
        }
        return t === null ? null : "boolean";
      }
      case "logic": {
        for (const side of [n.left, n.right]) {
          const t = this.typeOf(side);
          if (t !== null && t !== "boolean") this.problem(`"${n.op}" needs a condition on each side, found ${describe(side, t)}`, side.start);
        }
        return "boolean";
      }
      case "compare": {
        const types = n.operands.map((o) => this.typeOf(o));
        n.ops.forEach(({ op, offset }, i) => {
          const a = n.operands[i]!;
          const b = n.operands[i + 1]!;
          const ta = types[i];
          const tb = types[i + 1];
          if (ta === null || ta === undefined || tb === null || tb === undefined) return;
          if (ta === "boolean" && tb === "boolean") {
            if (op !== "==" && op !== "!=") this.problem(`"${op}" cannot order conditions`, offset);
          } else if (ta === "boolean" || tb === "boolean" || clash(ta, tb)) {
            const at = isLiteral(b) && !isLiteral(a) ? b.start : isLiteral(a) && !isLiteral(b) ? a.start : offset;
            this.problem(`cannot compare ${describe(a, ta)} with ${describe(b, tb)}`, at);
          }
        });
        return "boolean";
      }
      case "in": {
        const tl = this.typeOf(n.left);
        if (tl === "boolean") this.problem(`"${n.negated ? "not in" : "in"}" needs a value on its left, found a condition`, n.left.start);
        for (const item of n.items) {
          const ti = this.typeOf(item);
          if (ti === null) continue;
          if (ti === "boolean") this.problem("a list holds values, not conditions", item.start);
          else if (tl !== null && tl !== "boolean" && clash(tl, ti)) this.problem(`cannot compare ${describe(n.left, tl)} with ${describe(item, ti)}`, item.start);
        }
        return "boolean";
      }
      case "call": return this.call(n);
      case "if": {
        const c = this.typeOf(n.cond);
        if (c !== null && c !== "boolean") this.problem(`"if" needs a condition, found ${describe(n.cond, c)}`, n.cond.start);
        const a = this.typeOf(n.then);
        const b = this.typeOf(n.else);
        if (a === null || b === null) return a ?? b;
        return this.join(a, b, n.else) ?? null;
      }
    }
  }

  private needNumber(n: Node, t: StaticType): void {
    if (isNumeric(t)) return;
    if (t === "boolean") this.problem("arithmetic on a condition", n.start);
    else if (n.kind === "field") this.problem(`arithmetic on text field "${clip(n.name)}"`, n.start);
    else this.problem(`arithmetic on ${describe(n, t)}`, n.start);
  }

  /** The common type of two alternatives (if branches, coalesce arguments), reporting a clash at `at`. */
  private join(a: StaticType, b: StaticType, at: Node): StaticType | undefined {
    if (a === b) return a;
    if (a === "boolean" || b === "boolean" || clash(a, b)) {
      this.problem(`cannot mix ${typeWord(a)} and ${typeWord(b)}`, at.start);
      return undefined;
    }
    return "any";
  }

  private call(n: Extract<Node, { kind: "call" }>): StaticType | null {
    const spec = FUNCTIONS.get(n.name);
    const argTypes = n.args.map((a) => this.typeOf(a));
    if (spec === undefined) {
      const near = n.name.length > 12 ? undefined : closest(n.name, FUNCTIONS.keys(), 2)[0];
      this.problem(`unknown function "${clip(n.name)}"${near ? ` (did you mean "${near}"?)` : ` (functions: ${[...FUNCTIONS.keys()].join(", ")})`}`, n.start);
      return null;
    }
    if (n.args.length < spec.min || n.args.length > spec.max) {
      const wanted = spec.max === spec.min ? `${spec.min} argument${spec.min === 1 ? "" : "s"}` : `at least ${spec.min} argument${spec.min === 1 ? "" : "s"}`;
      this.problem(`${n.name}() takes ${wanted}`, n.start);
      return spec.kind === "test" ? "boolean" : spec.kind === "numeric" ? "number" : null;
    }
    switch (spec.kind) {
      case "numeric":
        n.args.forEach((a, i) => {
          const t = argTypes[i];
          if (t !== null && t !== undefined) this.needNumber(a, t);
        });
        return "number";
      case "test":
        if (argTypes[0] === "boolean") this.problem(`${n.name}() takes a value, not a condition`, n.args[0]!.start);
        return "boolean";
      case "coalesce": {
        let joined: StaticType | null = null;
        for (const [i, a] of n.args.entries()) {
          const t = argTypes[i];
          if (t === null || t === undefined) return null;
          if (t === "boolean") {
            this.problem("coalesce() takes values, not conditions", a.start);
            return null;
          }
          if (joined === null) joined = t;
          else {
            const j = this.join(joined, t, a);
            if (j === undefined) return null;
            joined = j;
          }
        }
        return joined;
      }
    }
  }
}

/** The problem, if any, when the whole expression's type does not fit what is expected. */
export function expectProblem(root: Node, t: StaticType, expect: "condition" | "number", source: string): CheckProblem | null {
  if (expect === "condition") {
    if (t === "boolean") return null;
    const text = source.slice(root.start, root.end).replace(/\s+/g, " ");
    const example = text.length <= 40 ? (t === "text" ? `${text} == "…"` : `${text} > 0`) : "revenue > 0";
    return { message: `a condition must compare something, e.g. ${example}`, offset: root.start };
  }
  if (t === "boolean") return { message: "a number is expected here, not a condition", offset: root.start };
  if (t === "text") return { message: "a number is expected here, not text", offset: root.start };
  return null;
}
