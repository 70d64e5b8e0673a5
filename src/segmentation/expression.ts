/**
 * Rule expressions (spec/matrix.md, "Rules"): the `when` of classes and rules, and scores.
 *
 * The language is filtrex 3's, without regular expressions (`~=`) and object access
 * (`of`), plus `coalesce(a, b, …)`; the exact grammar is in expression-syntax.ts. An
 * expression is parsed and checked here (names, types, offsets for every problem), then
 * run by filtrex from a source written from the checked tree (expression-runtime.ts).
 *
 * Null (a missing metric or an empty column): a comparison with null is false, never an
 * error (also `!=`, `in` and `not in`); arithmetic with null gives null, so does division by
 * zero; `coalesce` skips nulls. Consequence: `not (x < 3)` is true when x is null.
 */
import { expectProblem, resolveFields, TypeChecker, type CheckProblem } from "./expression-check.js";
import { buildRunnable } from "./expression-runtime.js";
import { parseExpression } from "./expression-syntax.js";

export type FieldType = "number" | "text" | "any"; // "any": a free customer column whose type is known only at run time
export type Value = number | string | null;

/** What names an expression may use. */
export interface FieldCatalogue {
  /** type of a known name (metric, customer field, class, score), undefined when unknown */
  typeOf(name: string): FieldType | undefined;
  /** all known names, for "did you mean" suggestions */
  names(): readonly string[];
}

export interface ExpressionProblem {
  message: string;
  /** 0-based character offset in the source where the problem is */
  offset: number;
}

export interface CompiledExpression {
  source: string;
  /** every field name the expression reads, in order of first appearance */
  fields: string[];
  /** names not in the catalogue and not within 2 edits of a known one: taken as free customer columns */
  freeFields: string[];
  /** evaluates against a lookup (missing → null); never throws; a runtime error (e.g. text + number) gives null */
  evaluate(lookup: (name: string) => Value | undefined): Value | boolean;
  /** evaluates and also returns the comparisons made, for `relance explain` */
  trace(lookup: (name: string) => Value | undefined): { result: Value | boolean; steps: string[] };
}

function byOffset(problems: CheckProblem[]): ExpressionProblem[] {
  return problems.map((p, i) => ({ p, i })).sort((a, b) => a.p.offset - b.p.offset || a.i - b.i).map(({ p }) => ({ message: p.message, offset: p.offset }));
}

/**
 * Parses, checks and compiles one expression. Never throws: every failure is a problem
 * with an offset, and `expression` is null as soon as there is one.
 */
export function compileRuleExpression(
  source: string,
  catalogue: FieldCatalogue,
  expect: "condition" | "number",
): { expression: CompiledExpression | null; problems: ExpressionProblem[] } {
  try {
    const text = String(source);
    const parsed = parseExpression(text);
    if (parsed.ast === null) return { expression: null, problems: byOffset(parsed.problems) };
    const ast = parsed.ast;

    const problems: CheckProblem[] = [];
    const { types, fields, freeFields } = resolveFields(parsed.fieldNodes, catalogue, problems);
    const type = new TypeChecker(types, problems).typeOf(ast);
    if (type !== null && problems.length === 0) {
      const wrong = expectProblem(ast, type, expect, text);
      if (wrong) problems.push(wrong);
    }
    if (problems.length > 0) return { expression: null, problems: byOffset(problems) };

    const runnable = buildRunnable(ast, text);
    const expression: CompiledExpression = {
      source: text,
      fields,
      freeFields,
      evaluate: (lookup) => runnable.evaluate(lookup),
      trace: (lookup) => runnable.trace(lookup),
    };
    return { expression, problems: [] };
  } catch (e) {
    const detail = e instanceof RangeError ? "expression too complex" : `internal error: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    return { expression: null, problems: [{ message: detail, offset: 0 }] };
  }
}
