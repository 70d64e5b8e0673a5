/**
 * The segmentation matrix once loaded and checked: expressions compiled, references
 * resolved. Built by load-matrix.ts; read by classify.ts and the action planner.
 */
import type { Language } from "../ledger/types.js";
import type { CompiledExpression } from "./expression.js";
import type { RateOverrides } from "../actions/interest-rates.js";
import type { RunSettings } from "./matrix-settings.js";

export interface Score {
  name: string;
  expression: CompiledExpression;
}

export interface ClassEntry {
  value: string;
  /** null: "otherwise" */
  when: CompiledExpression | null;
}

export interface ClassDef {
  name: string;
  entries: ClassEntry[];
  /** true when its last entry has no `when`: every customer gets a value */
  total: boolean;
}

export interface SegmentDef {
  id: string;
  label: string;
  procedure: string;
  /** a fixed name, or `{{field}}` taken from the customer */
  owner: string | null;
}

export type Rule =
  | { index: number; id: string | null; kind: "when"; when: CompiledExpression; segment: string }
  | { index: number; id: string | null; kind: "catch-all"; segment: string }
  | { index: number; id: string | null; kind: "matrix"; rows: string; columns: string; cells: Map<string, Map<string, string>> };

export interface Step {
  day: number;
  action: string;
  template: string | null;
  late_interest: boolean;
  fixed_compensation: number | null;
  note: string | null;
}

export interface Procedure {
  id: string;
  credit_hold: boolean;
  min_interval_days: number;
  payment_plan: { instalments: number; min_instalment: number } | null;
  steps: Step[];
}

export interface TemplateText {
  subject: string | null;
  body: string;
}

export interface Matrix {
  /** where it was read from ("(bundled default)" for the starter) */
  file: string;
  settings: RunSettings;
  newCustomer: { minPaidInvoices: number; maxTenureDays: number } | null;
  scores: Score[];
  classes: ClassDef[];
  segments: Map<string, SegmentDef>;
  rules: Rule[];
  procedures: Map<string, Procedure>;
  templates: Map<string, Partial<Record<Language, TemplateText>>>;
  /** `interest_rates`: country → half-year start (ISO) → annual %, over the built-in table */
  interestRates: RateOverrides;
  /** `creditor`: the sender's details printed in the drafts (placeholders where missing) */
  creditor: { name?: string; iban?: string; bic?: string; email?: string; phone?: string };
  /** Names used in expressions or owners that are neither metrics nor standard fields: customer columns the export must have. */
  freeFields: string[];
}

/** The segment the `new_customer` shorthand assigns. */
export const NEW_SEGMENT = "new";

/** Templates relance ships in fr, nl, de and en. */
export const BUILT_IN_TEMPLATES: readonly string[] = ["pre_due", "reminder_1", "reminder_2", "formal_notice"];

/** How a rule is named in outputs: its `id`, else `rule N` (1-based, in file order). */
export function ruleName(rule: Rule): string {
  return rule.id ?? `rule ${rule.index}`;
}
