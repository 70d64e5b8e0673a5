/**
 * Metrics rows → the contract's machine-readable shapes (spec/cli.md): `customer_id`,
 * `currency`, then the metrics.md fields in order, sorted by customer_id then currency;
 * money in major units with 2 decimals, ratios and day means to 4 decimals (half away from
 * zero), nulls as null (JSON) or an empty cell (CSV). Extra columns (segment, rule) follow.
 */
import { centsToNumber, formatCents } from "../ledger/money.js";
import { FIELD_KIND, METRIC_FIELDS, type CustomerMetrics } from "../metrics/types.js";
import type { CsvValue } from "./csv.js";
import { roundHalfAway } from "./round.js";

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

/** The CSV fields of each row, made as they are asked for (toCsv takes them one at a time). */
export function* metricsCsvRows<R extends CustomerMetrics>(rows: readonly R[], extra: readonly ExtraColumn<R>[] = []): Generator<CsvValue[]> {
  const kinds = METRIC_FIELDS.map((f) => FIELD_KIND[f]);
  for (const r of rows) {
    const fields: CsvValue[] = [r.customer_id, r.currency];
    for (let i = 0; i < METRIC_FIELDS.length; i++) {
      const v = r[METRIC_FIELDS[i]!];
      const kind = kinds[i];
      fields.push(v === null ? null : kind === "money" ? { numeric: formatCents(v) } : kind === "ratio" ? roundHalfAway(v, RATIO_DECIMALS) : v);
    }
    for (const e of extra) fields.push(e.value(r));
    yield fields;
  }
}
