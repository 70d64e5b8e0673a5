/**
 * The names a rule expression can use, and their types: the metrics of metrics.md, the
 * customer's standard fields, the matrix's own scores (numbers) and classes (text), and
 * any other column of the customers export (type known only at run time).
 * Money is given to rules in currency units (revenue >= 100000 means 100,000.00).
 */
import { METRIC_FIELDS } from "../metrics/types.js";
import type { FieldCatalogue, FieldType } from "./expression.js";

export const CUSTOMER_FIELD_TYPES: Record<string, FieldType> = {
  customer_id: "text", name: "text", language: "text", email: "text", phone: "text", country: "text", sector: "text",
  owner: "text", credit_limit: "number", credit_score: "number", payment_terms_days: "number", created_date: "text",
  invoicing: "text", currency: "text",
};

/** Extra per-row numbers, beyond metrics.md, that rules may use. */
export const EXTRA_FIELD_TYPES: Record<string, FieldType> = { unallocated_credit: "number" };

export function standardFieldTypes(): Map<string, FieldType> {
  return new Map<string, FieldType>([
    ...METRIC_FIELDS.map((f) => [f, "number"] as [string, FieldType]),
    ...Object.entries(CUSTOMER_FIELD_TYPES),
    ...Object.entries(EXTRA_FIELD_TYPES),
  ]);
}

/** A catalogue over a map of names; the matrix loader adds scores and classes as it goes. */
export class FieldMap implements FieldCatalogue {
  constructor(private readonly types: Map<string, FieldType> = standardFieldTypes()) {}
  typeOf(name: string): FieldType | undefined {
    return this.types.get(name);
  }
  names(): readonly string[] {
    return [...this.types.keys()];
  }
  add(name: string, type: FieldType): void {
    this.types.set(name, type);
  }
  has(name: string): boolean {
    return this.types.has(name);
  }
}
