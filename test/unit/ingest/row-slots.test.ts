/**
 * The slots of a row's values (rows/read-rows.ts SlotOf): each converter reads the fields
 * it names at their readers' places. A field the converter names but no export can map
 * would be read as always empty, without an error: the lists must be the fields' own.
 */
import { describe, expect, it } from "vitest";
import { FIELDS } from "../../../src/ingest/columns/fields.js";
import { slotsFor, slotsOf } from "../../../src/ingest/rows/read-rows.js";
import { CUSTOMER_FIELDS } from "../../../src/ingest/rows/to-customers.js";
import { DOCUMENT_FIELDS } from "../../../src/ingest/rows/to-documents.js";
import { PAYMENT_FIELDS } from "../../../src/ingest/rows/to-payments.js";
import type { FieldReader } from "../../../src/ingest/rows/record-reader.js";

describe("row slots", () => {
  it.each([
    ["customers", CUSTOMER_FIELDS],
    ["invoices", DOCUMENT_FIELDS],
    ["payments", PAYMENT_FIELDS],
  ] as const)("the %s converter reads exactly the fields of its role", (role, fields) => {
    expect([...fields].sort()).toEqual(FIELDS[role].map((f) => f.name).sort());
  });

  it("gives a field its reader's place, and an unmapped field the empty place past them", () => {
    const readers = [{ field: "invoice_id" }, { field: "amount" }, { field: "customer_id" }] as FieldReader[];
    expect(slotsFor(["customer_id", "amount", "invoice_id", "due_date"], slotsOf(readers))).toEqual({ customer_id: 2, amount: 1, invoice_id: 0, due_date: 3 });
  });
});
