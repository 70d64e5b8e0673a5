/**
 * A customers-export row → a Customer. Only a missing id rejects the row: a bad optional
 * value (credit limit, score, terms…) is dropped with a warning, because rejecting the
 * customer would orphan all its invoices.
 */
import type { Day } from "../../ledger/day.js";
import type { Customer, Language, Rejected, Warning } from "../../ledger/types.js";
import type { ParsedAmount } from "../parse/amount.js";
import type { RowConverter, SlotOf } from "./read-rows.js";
import { slotsFor } from "./read-rows.js";
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

/** The fields a customers export may map, in a customers row's values. */
export const CUSTOMER_FIELDS = ["customer_id", "name", "language", "email", "phone", "country", "sector", "owner", "credit_limit", "credit_score", "payment_terms_days", "created_date", "invoicing"] as const;
type TextField = "name" | "email" | "phone" | "country" | "sector" | "owner" | "invoicing";

export function customerConverter(sink: CustomerSink, slotOf: SlotOf): RowConverter {
  const { file } = sink;
  const at = slotsFor(CUSTOMER_FIELDS, slotOf);
  return (v, problems, row) => {
    const idProblem = problems.find((p) => p.field === "customer_id");
    const id = v[at.customer_id] as string | null | undefined;
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
    const text = (field: TextField) => (v[at[field]] as string | null | undefined) ?? sink.constants[field] ?? null;
    sink.customer({
      customer_id: id,
      name: text("name") ?? id,
      language: (v[at.language] as Language | null | undefined) ?? (sink.constants.language as Language | undefined) ?? null,
      email: text("email"),
      phone: text("phone"),
      country: text("country"),
      sector: text("sector"),
      owner: text("owner"),
      credit_limit: (v[at.credit_limit] as ParsedAmount | null | undefined)?.cents ?? null,
      credit_score: (v[at.credit_score] as number | null | undefined) ?? null,
      payment_terms_days: (v[at.payment_terms_days] as number | null | undefined) ?? null,
      created_date: (v[at.created_date] as Day | null | undefined) ?? null,
      invoicing: text("invoicing"),
      extra,
      source: { file, line: row.line },
    });
    return "used";
  };
}
