/**
 * The run's memory, kept in the workbook it writes as a very hidden sheet (the user never
 * sees or sorts it): the actions planned, each customer's follow-up history and its segment
 * and metrics. One row per record: kind, key, JSON payload. Days are ISO dates in the JSON,
 * so the sheet is readable when unhidden and independent of Excel's date system.
 *
 * Reading is defensive: every payload is checked with zod, and a row that does not parse is
 * reported with its cell, never guessed.
 */
import { z } from "zod";
import { formatDay, parseIsoDay, type Day } from "../ledger/day.js";
import { METRIC_FIELDS, metricRecord } from "../metrics/types.js";
import type { CustomerSnapshot, FollowUp, PreviousAction } from "./types.js";

export const STATE_SHEET = "relance-state";
export const STATE_VERSION = 1;
export const STATE_COLUMNS = ["kind", "key", "data"] as const;

/** An action as the run records it (the user's status, promise and comment live in Actions). */
export type StateAction = Omit<PreviousAction, "status" | "promise_date" | "comment" | "row">;

export interface RunState {
  asOf: Day;
  actions: StateAction[];
  followUps: FollowUp[];
  customers: CustomerSnapshot[];
}

export function stateRows(state: RunState): string[][] {
  const rows: string[][] = [["run", "", JSON.stringify({ version: STATE_VERSION, as_of: formatDay(state.asOf), metric_fields: METRIC_FIELDS })]];
  for (const a of state.actions) {
    rows.push(["action", a.action_id, JSON.stringify({ ...a, planned_date: formatDay(a.planned_date) })]);
  }
  for (const f of state.followUps) {
    rows.push(["follow-up", `${f.customer_id}/${f.currency}`, JSON.stringify({
      ...f,
      last_contact: f.last_contact === null ? null : formatDay(f.last_contact),
      promise: f.promise && { ...f.promise, date: formatDay(f.promise.date) },
    })]);
  }
  for (const c of state.customers) {
    rows.push(["customer", `${c.customer_id}/${c.currency}`, JSON.stringify({ ...c, metrics: METRIC_FIELDS.map((f) => c.metrics[f] ?? null) })]);
  }
  return rows;
}

const isoDay = z.string().transform((s, ctx) => {
  const d = parseIsoDay(s);
  if (d === null) ctx.addIssue({ code: "custom", message: `not a date: ${s}` });
  return d ?? 0;
});
const text = z.string().max(10_000);
const ids = z.array(text).max(100_000);

const RunRecord = z.object({ version: z.literal(STATE_VERSION), as_of: isoDay, metric_fields: z.array(z.string()) });
const ActionRecord = z.object({
  action_id: text, customer_id: text, currency: text, procedure: text,
  step: z.number().int().min(1), step_day: z.number().int(), planned_date: isoDay, invoices: ids,
});
const FollowUpRecord = z.object({
  customer_id: text, currency: text, procedure: text,
  step_done: z.number().int().min(0), step_day_done: z.number().int().nullable(), last_contact: isoDay.nullable(),
  invoices: ids,
  promise: z.object({ date: isoDay, step: z.number().int().min(1), invoices: ids }).nullable(),
  comment: text,
});
const CustomerRecord = z.object({
  customer_id: text, currency: text, segment: text, segment_label: text, rule: text,
  metrics: z.array(z.number().nullable()),
});

export interface StateCell {
  kind: unknown;
  data: unknown;
  /** "relance-state!C5" */
  ref: string;
}

export interface ReadState {
  asOf: Day | null;
  actions: StateAction[];
  followUps: FollowUp[];
  customers: CustomerSnapshot[];
}

export function readStateRows(rows: readonly StateCell[], problems: string[]): ReadState {
  const out: ReadState = { asOf: null, actions: [], followUps: [], customers: [] };
  let fieldAt = positions(METRIC_FIELDS);
  for (const row of rows) {
    if (row.kind === "kind" || row.kind === null || row.kind === undefined) continue;
    const parsed = parseJson(row.data);
    const fail = (why: string): void => void problems.push(`${row.ref}: the run's state could not be read (${why}); this record is ignored.`);
    if (parsed === undefined) { fail("not JSON"); continue; }
    switch (row.kind) {
      case "run": {
        const r = RunRecord.safeParse(parsed);
        if (!r.success) { fail(r.error.issues[0]?.message ?? "invalid"); continue; }
        out.asOf = r.data.as_of;
        fieldAt = positions(r.data.metric_fields);
        break;
      }
      case "action": {
        const r = ActionRecord.safeParse(parsed);
        if (r.success) out.actions.push(r.data); else fail(r.error.issues[0]?.message ?? "invalid");
        break;
      }
      case "follow-up": {
        const r = FollowUpRecord.safeParse(parsed);
        if (r.success) out.followUps.push(r.data); else fail(r.error.issues[0]?.message ?? "invalid");
        break;
      }
      case "customer": {
        const r = CustomerRecord.safeParse(parsed);
        if (!r.success) { fail(r.error.issues[0]?.message ?? "invalid"); continue; }
        const values = r.data.metrics;
        const metrics = metricRecord((f) => {
          const i = fieldAt.get(f); // the run that wrote it may have had other fields, in another order
          return i === undefined ? null : (values[i] ?? null);
        });
        out.customers.push({ customer_id: r.data.customer_id, currency: r.data.currency, segment: r.data.segment, segment_label: r.data.segment_label, rule: r.data.rule, metrics });
        break;
      }
      default:
        fail(`unknown record kind ${JSON.stringify(String(row.kind)).slice(0, 40)}`);
    }
  }
  return out;
}

/** Where each metric field stands in a state row's list of values. */
function positions(fields: readonly string[]): Map<string, number> {
  return new Map(fields.map((f, i) => [f, i]));
}

function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}
