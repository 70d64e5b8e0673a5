/** `relance explain CUSTOMER_ID`: its metrics, each class and rule tried with the values that decided, the segment and procedure. */
import { UsageError } from "../../errors.js";
import { formatCents } from "../../ledger/money.js";
import { formatDay } from "../../ledger/day.js";
import { FIELD_KIND, METRIC_FIELDS, rowKey } from "../../metrics/types.js";
import { roundHalfAway } from "../../output/round.js";
import { explain as explainCustomer, primaryRow } from "../../segmentation/classify.js";
import { closest } from "../../util/edit-distance.js";
import { dueStep } from "../../actions/next-step.js";
import { actionJson } from "../../output/action-records.js";
import { readPrevious } from "../../previous/read-previous.js";
import { monthlyRun } from "../../run/monthly-run.js";
import type { Io } from "../io.js";
import { loadInputs, type InputOptions } from "../inputs.js";

export async function explain(customerId: string, opts: InputOptions & { format?: string; previous?: string }, io: Io): Promise<void> {
  const inputs = await loadInputs(opts, io, "full");
  const matrix = inputs.matrix!;
  const customer = inputs.ledger.customers.find((c) => c.customer_id === customerId);
  if (!customer) {
    const near = closest(customerId, inputs.ledger.customers.map((c) => c.customer_id), 3).slice(0, 3);
    throw new UsageError(`no customer with id "${customerId}".`, undefined, near.length ? `Closest ids: ${near.join(", ")}.` : "Ids are as in the customers export (relance metrics lists them).");
  }
  const metrics = inputs.metrics;
  const rows = metrics.rows.filter((r) => r.customer_id === customerId);
  if (rows.length === 0) throw new UsageError(`customer ${customerId} did not exist on ${formatDay(inputs.asOf)} (created later, no document by then).`);
  const row = primaryRow(rows, matrix.settings.currency);
  const result = explainCustomer(matrix, customer, row, metrics.unallocatedCredit.get(rowKey(row.customer_id, row.currency)) ?? 0);
  // what the run itself plans for this customer: offsets, last month's workbook and overrides included
  const previous = opts.previous === undefined ? null : await readPrevious(opts.previous, inputs.asOf);
  const run = monthlyRun({ ledger: inputs.ledger, matrix, asOf: inputs.asOf, horizonDays: 0, previous, metrics });
  const assignment = run.segmentation.assignments.get(customerId) ?? result.assignment;
  const actions = run.actions.filter((a) => a.customer_id === customerId);
  const quiet = rows.map((r) => run.report.quiet.get(rowKey(r.customer_id, r.currency))).filter((q): q is string => q !== undefined);
  const segment = matrix.segments.get(assignment.segment)!;
  const procedure = matrix.procedures.get(segment.procedure)!;
  if (opts.format === "json") {
    const next = dueStep(procedure, metrics.openItems.get(rowKey(row.customer_id, row.currency)) ?? [], inputs.asOf);
    io.out(JSON.stringify({
      customer_id: customerId, name: customer.name, as_of: formatDay(inputs.asOf), rows, ...result, assignment, procedure,
      next_step: next && { number: next.number, ...next.step, days_past_due: next.daysPastDue, invoices: next.invoices.map((i) => i.invoice_id) },
      actions: actionJson(actions), quiet,
    }, null, 2) + "\n");
    return;
  }
  const out: string[] = [];
  out.push(`${customer.customer_id} — ${customer.name}, as of ${formatDay(inputs.asOf)} (matrix ${matrix.file})`);
  for (const r of rows) {
    out.push(`\nMetrics${rows.length > 1 ? ` in ${r.currency}${r === row ? " (the row it is segmented on)" : ""}` : r.currency ? ` (${r.currency})` : ""}`);
    for (const f of METRIC_FIELDS) {
      const v = r[f];
      const shown = v === null ? "(empty)" : FIELD_KIND[f] === "money" ? formatCents(v) : FIELD_KIND[f] === "ratio" ? String(roundHalfAway(v, 2)) : String(v);
      out.push(`  ${f.padEnd(20)} ${shown}`);
    }
  }
  out.push("\nHow it was placed (rules are tried in order; the first that holds decides)");
  for (const step of result.steps) {
    out.push(`  ${step.chosen ? "→" : " "} ${step.subject}  ${step.outcome ? "✓" : "✗"}`);
    for (const d of step.details) out.push(`        ${d}`);
  }
  out.push(`\nSegment     ${segment.label} (${segment.id}), by ${assignment.rule}`);
  out.push(`Owner       ${segment.owner ?? "(none)"}`);
  out.push(`Procedure   ${procedure.id}${procedure.credit_hold ? " — credit hold: no new deliveries or credit" : ""}`);
  for (const s of procedure.steps) out.push(`  day ${String(s.day).padStart(4)}  ${s.action}${s.template ? ` (${s.template})` : ""}${s.late_interest ? ", late interest" : ""}${s.fixed_compensation ? `, compensation ${s.fixed_compensation}` : ""}${s.note ? ` — ${s.note}` : ""}`);
  const due = dueStep(procedure, metrics.openItems.get(rowKey(row.customer_id, row.currency)) ?? [], inputs.asOf);
  out.push(
    due
      ? `Next step   step ${due.number}, day ${due.step.day}: ${due.step.action}${due.step.template ? ` (${due.step.template})` : ""} — ${due.daysPastDue > 0 ? `most overdue invoice ${due.daysPastDue} days past due` : `invoices falling due within ${-due.step.day} days`}; invoices ${due.invoices.map((i) => i.invoice_id).join(", ")}`
      : "Next step   none due: nothing overdue or falling due soon (disputed invoices are not reminded)",
  );
  if (actions.length > 0) {
    for (const a of actions) out.push(`Action      ${a.action} (step ${a.step}) on ${formatDay(a.planned_date)} by ${a.owner}, priority ${a.priority}${a.flag ? `, ${a.flag}` : ""}: ${a.reason}`);
  } else {
    out.push(`Action      none${quiet.length > 0 ? `: ${quiet.join("; ")}` : due ? " this month: the step is covered by credits, already done, or waits for its interval" : ""}`);
  }
  io.out(out.join("\n") + "\n");
}
