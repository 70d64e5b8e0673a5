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

export function customerConverter(sink: CustomerSink, slotOf: SlotOf): RowConverter {
  const { file } = sink;
  const at = slotsFor(CUSTOMER_FIELDS, slotOf);
  // each field's slot and constant once, not looked up by a name that changes from field to field every row
  const constant = (field: string) => sink.constants[field] ?? null;
  const [name, email, phone, country, sector, owner, invoicing] = (["name", "email", "phone", "country", "sector", "owner", "invoicing"] as const).map((f) => ({ slot: at[f], constant: constant(f) }));
  const language = constant("language") as Language | null;
  const text = (v: readonly unknown[], f: { slot: number; constant: string | null }) => (v[f.slot] as string | null | undefined) ?? f.constant;
  const extraColumns = sink.extraColumns;
  return (v, problems, row) => {
    const idProblem = problems.length === 0 ? undefined : problems.find((p) => p.field === "customer_id");
    const id = v[at.customer_id] as string | null | undefined;
    if (idProblem || !id) {
      sink.reject({ file, line: row.line, column: sink.headerOf("customer_id"), value: idProblem?.value ?? "", reason: "missing customer id" });
      return "rejected";
    }
    for (const p of problems) {
      sink.warn({ code: "value-ignored", file, line: row.line, column: p.header, message: `customer ${id}: ${p.field} "${p.value}" ignored: ${p.reason}` });
    }
    // one frozen empty record for all when the export has no unmapped column (100k objects fewer to keep, at L)
    let extra: Record<string, string> = NO_EXTRA;
    if (extraColumns.length > 0) {
      extra = {};
      for (const { index, header } of extraColumns) {
        const cell = row.cells[index];
        // defined, not assigned: a column headed "__proto__" is kept as data, never as a prototype
        Object.defineProperty(extra, header, { value: cell === null || cell === undefined ? "" : detached(String(cell).trim()), enumerable: true, writable: true, configurable: true });
      }
    }
    sink.customer({
      customer_id: id,
      name: text(v, name!) ?? id,
      language: (v[at.language] as Language | null | undefined) ?? language,
      email: text(v, email!),
      phone: text(v, phone!),
      country: text(v, country!),
      sector: text(v, sector!),
      owner: text(v, owner!),
      credit_limit: (v[at.credit_limit] as ParsedAmount | null | undefined)?.cents ?? null,
      credit_score: (v[at.credit_score] as number | null | undefined) ?? null,
      payment_terms_days: (v[at.payment_terms_days] as number | null | undefined) ?? null,
      created_date: (v[at.created_date] as Day | null | undefined) ?? null,
      invoicing: text(v, invoicing!),
      extra,
      source: { file, line: row.line },
    });
    return "used";
  };
}

const NO_EXTRA: Record<string, string> = Object.freeze({}) as Record<string, string>;
