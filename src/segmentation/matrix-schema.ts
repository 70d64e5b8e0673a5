/**
 * The segmentation matrix as written (spec/matrix.md), checked by zod: shapes and types
 * only. Cross-references (segments, procedures, templates, classes), expressions and
 * coverage are checked afterwards by matrix-checks.ts, with positions.
 *
 * Extensions to the contract (it allows adding keys): `scores` (derived numbers, e.g. a
 * combined risk score with its weights in plain sight), `id` on a rule, `description` on
 * segments and procedures, `min_interval_days` on procedures, `creditor` (the sender's
 * details the reminder drafts print), `interest_rates` (statutory
 * late-payment rates that override or extend the built-in table, per country and half-year).
 */
import { z } from "zod";

const text = z.union([z.string(), z.number()]).transform(String);
const expression = z.string().min(1, "an empty expression");

export const ACTIONS = ["email", "letter", "call", "sms", "registered_letter", "formal_notice", "collection_agency", "legal", "visit", "review", "none"] as const;
/** Actions that send a text to the customer, so their step names a template. */
export const TEXT_ACTIONS: ReadonlySet<string> = new Set(["email", "letter", "sms", "registered_letter", "formal_notice"]);
export const LANGUAGES = ["fr", "nl", "de", "en"] as const;

const ClassEntry = z.strictObject({ value: text, when: expression.optional(), description: z.string().optional() });

const Score = z.union([expression, z.strictObject({ expression, description: z.string().optional() })]).transform((s) => (typeof s === "string" ? { expression: s } : s));

const Segment = z.strictObject({
  label: z.string().min(1),
  procedure: z.string().min(1),
  owner: z.string().optional(),
  description: z.string().optional(),
});

const Rule = z
  .strictObject({
    id: z.string().optional(),
    when: expression.optional(),
    segment: z.string().optional(),
    matrix: z
      .strictObject({
        rows: z.string(),
        columns: z.string(),
        cells: z.record(z.string(), z.record(z.string(), z.string())),
      })
      .optional(),
  })
  .superRefine((r, ctx) => {
    if (r.matrix && (r.segment !== undefined || r.when !== undefined)) ctx.addIssue({ code: "custom", message: "a rule is either `segment` (with an optional `when`) or `matrix`, not both" });
    if (!r.matrix && r.segment === undefined) ctx.addIssue({ code: "custom", message: "a rule needs `segment` (and optionally `when`) or `matrix`" });
  });

const Step = z.strictObject({
  day: z.number().int().min(-365).max(3650),
  action: z.enum(ACTIONS, { message: `action is one of ${ACTIONS.join(", ")}` }),
  template: z.string().optional(),
  late_interest: z.boolean().optional(),
  fixed_compensation: z.number().min(0).optional(),
  note: z.string().optional(),
});

const Procedure = z.strictObject({
  description: z.string().optional(),
  credit_hold: z.boolean().optional(),
  min_interval_days: z.number().int().min(0).max(365).optional(),
  payment_plan: z.strictObject({ instalments: z.number().int().min(2).max(36), min_instalment: z.number().positive() }).optional(),
  steps: z.array(Step).default([]),
});

const TemplateText = z.strictObject({ subject: z.string().optional(), body: z.string() });
const Template = z.partialRecord(z.enum(LANGUAGES, { message: `a template's languages are ${LANGUAGES.join(", ")}` }), TemplateText);

export const MatrixSchema = z.strictObject({
  version: z.literal(1, { message: "version is 1" }).optional(),
  window_days: z.number().int().min(1).max(3650).optional(),
  grace_days: z.number().int().min(0).max(365).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "an ISO currency code such as EUR").optional(),
  default_language: z.enum(LANGUAGES).optional(),
  new_customer: z.strictObject({ min_paid_invoices: z.number().int().min(1), max_tenure_days: z.number().int().min(0) }).optional(),
  scores: z.record(z.string(), Score).optional(),
  classes: z.record(z.string(), z.array(ClassEntry).min(1, "a class needs at least one value")).optional(),
  segments: z.record(z.string(), Segment),
  rules: z.array(Rule).min(1, "at least one rule is needed"),
  procedures: z.record(z.string(), Procedure),
  templates: z.record(z.string(), Template).optional(),
  creditor: z.strictObject({
    name: z.string().min(1).optional(),
    iban: z.string().optional(),
    bic: z.string().regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, "a BIC of 8 or 11 letters and digits, e.g. BNPAFRPPXXX").optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
  }).optional(),
  interest_rates: z.record(z.string(), z.record(z.string().regex(/^\d{4}-(01|07)-01$/, "a half-year start: YYYY-01-01 or YYYY-07-01"), z.number().min(0).max(100))).optional(),
});

export type WrittenMatrix = z.infer<typeof MatrixSchema>;
export type WrittenRule = WrittenMatrix["rules"][number];
export type WrittenProcedure = WrittenMatrix["procedures"][string];
