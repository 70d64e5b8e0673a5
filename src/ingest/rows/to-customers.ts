/**
 * A customers-export row → a Customer. Only a missing id rejects the row: a bad optional
 * value (credit limit, score, terms…) is dropped with a warning, because rejecting the
 * customer would orphan all its invoices.
 */
import type { Day } from "../../ledger/day.js";
import type { Customer, Language, Rejected, Warning } from "../../ledger/types.js";
import type { ParsedAmount } from "../parse/amount.js";
import type { RowConverter } from "./read-rows.js";
import { detached } from "../../util/detached.js";

export interface CustomerSink {
  file: string;
  headerOf: (field: string) => string | null;
  /** unmapped columns, kept as free attributes */
  extraColumns: { index: number; header: string }[];
  constants: Record<string, string>;
  customer: (c: Customer) => void;
  reject: (r: Rejected) => void;
  warn: (w: Warning) => void;
}

export function customerConverter(sink: CustomerSink): RowConverter {
  const { file } = sink;
  return (v, problems, row) => {
    const idProblem = problems.find((p) => p.field === "customer_id");
    const id = v.customer_id as string | null | undefined;
    if (idProblem || !id) {
      sink.reject({ file, line: row.line, column: sink.headerOf("customer_id"), value: idProblem?.value ?? "", reason: "missing customer id" });
      return "rejected";
    }
    for (const p of problems) {
      sink.warn({ code: "value-ignored", file, line: row.line, column: p.header, message: `customer ${id}: ${p.field} "${p.value}" ignored: ${p.reason}` });
    }
    const extra: Record<string, string> = {};
    for (const { index, header } of sink.extraColumns) {
      const cell = row.cells[index];
      // defined, not assigned: a column headed "__proto__" is kept as data, never as a prototype
      Object.defineProperty(extra, header, { value: cell === null || cell === undefined ? "" : detached(String(cell).trim()), enumerable: true, writable: true, configurable: true });
    }
    const text = (field: string) => (v[field] as string | null | undefined) ?? sink.constants[field] ?? null;
    sink.customer({
      customer_id: id,
      name: text("name") ?? id,
      language: (v.language as Language | null | undefined) ?? (sink.constants.language as Language | undefined) ?? null,
      email: text("email"),
      phone: text("phone"),
      country: text("country"),
      sector: text("sector"),
      owner: text("owner"),
      credit_limit: (v.credit_limit as ParsedAmount | null | undefined)?.cents ?? null,
      credit_score: (v.credit_score as number | null | undefined) ?? null,
      payment_terms_days: (v.payment_terms_days as number | null | undefined) ?? null,
      created_date: (v.created_date as Day | null | undefined) ?? null,
      invoicing: text("invoicing"),
      extra,
      source: { file, line: row.line },
    });
    return "used";
  };
}
