/**
 * Metrics rows → the contract's machine-readable shapes (spec/cli.md): `customer_id`,
 * `currency`, then the metrics.md fields in order, sorted by customer_id then currency;
 * money in major units with 2 decimals, ratios and day means to 4 decimals (half away from
 * zero), nulls as null (JSON) or an empty cell (CSV). Extra columns (segment, rule) follow.
 */
import { centsToNumber, formatCents } from "../ledger/money.js";
import { FIELD_KIND, METRIC_FIELDS, type CustomerMetrics } from "../metrics/types.js";
import { csvField } from "./csv.js";
import { roundedText, roundHalfAway } from "./round.js";

export const RATIO_DECIMALS = 4;

export interface ExtraColumn<R> {
  name: string;
  value: (row: R) => string | null;
}

export function metricsHeader(extra: readonly ExtraColumn<never>[] = []): string[] {
  return ["customer_id", "currency", ...METRIC_FIELDS, ...extra.map((e) => e.name)];
}

export function metricsJson<R extends CustomerMetrics>(rows: readonly R[], extra: readonly ExtraColumn<R>[] = []): Record<string, string | number | null>[] {
  return rows.map((r) => {
    const out: Record<string, string | number | null> = { customer_id: r.customer_id, currency: r.currency };
    for (const f of METRIC_FIELDS) {
      const v = r[f];
      out[f] = v === null ? null : FIELD_KIND[f] === "money" ? centsToNumber(v) : FIELD_KIND[f] === "ratio" ? roundHalfAway(v, RATIO_DECIMALS) : v;
    }
    for (const e of extra) out[e.name] = e.value(r);
    return out;
  });
}

/**
 * The CSV line of each row, made as it is asked for (csvLinePieces takes them one at a
 * time): each field's text is written straight into the line, without an array of fields
 * or an object per amount (at 100k customers, 220 MB allocated and a third of `metrics`'s
 * writing), the ratios by their digits (roundedText).
 */
export function* metricsCsvLines<R extends CustomerMetrics>(rows: readonly R[], extra: readonly ExtraColumn<R>[] = []): Generator<string> {
  for (const r of rows) {
    let line = metricsLine(r);
    for (const e of extra) line += "," + csvField(e.value(r));
    yield line;
  }
}

/**
 * The fields of METRIC_FIELDS in order, each as FIELD_KIND writes it, named one by one: read
 * by a name that varies (`r[field]`, a look-up V8 cannot specialise) they cost as much as
 * their writing. The metric-records test holds this list to METRIC_FIELDS.
 */
function metricsLine(r: CustomerMetrics): string {
  return csvField(r.customer_id) + "," + csvField(r.currency) +
    count(r.paid_count) + ratio(r.avg_days_to_pay) + ratio(r.avg_days_late) + ratio(r.wavg_days_late) + ratio(r.on_time_rate) +
    money(r.open_balance) + money(r.overdue_balance) + count(r.open_count) + count(r.overdue_count) + count(r.max_days_past_due) +
    money(r.aging_not_due) + money(r.aging_1_30) + money(r.aging_31_60) + money(r.aging_61_90) + money(r.aging_90_plus) +
    count(r.dispute_count) + money(r.revenue) + count(r.tenure_days) + ratio(r.credit_limit_use) + ratio(r.dso) + ratio(r.trend_days_late);
}

const money = (v: number | null) => (v === null ? "," : "," + formatCents(v));
const ratio = (v: number | null) => (v === null ? "," : "," + roundedText(v, RATIO_DECIMALS));
const count = (v: number | null) => (v === null ? "," : "," + String(v));
