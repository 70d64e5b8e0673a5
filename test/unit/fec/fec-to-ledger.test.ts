import { describe, expect, it } from "vitest";
import { DataError } from "../../../src/errors.js";
import { parseIsoDay, type Day } from "../../../src/ledger/day.js";
import type { LedgerDocument } from "../../../src/ledger/types.js";
import { fecToLedger, type FecResult } from "../../../src/ingest/fec/fec-to-ledger.js";
import type { RawRow, RawTable } from "../../../src/ingest/table.js";

/** A TSV string → RawTable (line numbers 1-based, every row in `head`, or the first `headRows`). */
function tableFromTsv(text: string, file = "test-fec.txt", headRows = Infinity): RawTable {
  const rows: RawRow[] = text
    .split(/\r?\n/)
    .map((line, i) => ({ cells: line.split("\t"), line: i + 1 }));
  if (rows.length > 0 && rows[rows.length - 1]!.cells.join("") === "") rows.pop();
  return {
    file,
    format: { kind: "csv", delimiter: "\t" },
    head: rows.slice(0, headRows),
    forEachRow: async (onRow) => {
      for (const row of rows) onRow(row);
    },
  };
}

const COLS = [
  "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef",
  "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
] as const;
type Fields = Partial<Record<(typeof COLS)[number] | "Montant" | "Sens" | "DateRglt", string>>;
const HEADER = COLS.join("\t");
const row = (v: Fields, cols: readonly string[] = COLS): string => cols.map((c) => v[c as keyof Fields] ?? "").join("\t");
const fec = (...lines: Fields[]): string => [HEADER, ...lines.map((l) => row(l))].join("\r\n");

const VE = { JournalCode: "VE", JournalLib: "Ventes" };
const BQ = { JournalCode: "BQ1", JournalLib: "Banque BNP" };
const AN = { JournalCode: "AN", JournalLib: "A nouveaux" };
const OD = { JournalCode: "OD", JournalLib: "Opérations diverses" };
const alpha = { CompteNum: "411000", CompteLib: "Clients", CompAuxNum: "C0001", CompAuxLib: "Alpha SARL" };
const beta = { CompteNum: "411000", CompteLib: "Clients", CompAuxNum: "C0002", CompAuxLib: "Bêta & Fils" };
const dupont = { CompteNum: "411DUP", CompteLib: "Dupont SA", CompAuxNum: "", CompAuxLib: "" };

/** An invoice: the 411 line plus its 706 / 44571 counterparts. */
function sale(c: Fields, num: string, date: string, piece: string, ttc: string, extra: Fields = {}): Fields[] {
  const cents = Math.round(Number(ttc.replace(",", ".")) * 100);
  const ht = Math.round(cents / 1.2);
  const fmt = (x: number): string => (x / 100).toFixed(2).replace(".", ",");
  return [
    { ...VE, ...c, EcritureNum: num, EcritureDate: date, PieceRef: piece, PieceDate: date, Debit: ttc, Credit: "0,00", ...extra },
    { ...VE, EcritureNum: num, EcritureDate: date, CompteNum: "706000", CompteLib: "Prestations", PieceRef: piece, PieceDate: date, Debit: "0,00", Credit: fmt(ht) },
    { ...VE, EcritureNum: num, EcritureDate: date, CompteNum: "44571", CompteLib: "TVA collectée", PieceRef: piece, PieceDate: date, Debit: "0,00", Credit: fmt(cents - ht) },
  ];
}
/** A bank receipt: the 411 credit line plus the 512 debit. */
function receipt(c: Fields, num: string, date: string, amount: string, extra: Fields = {}): Fields[] {
  return [
    { ...BQ, ...c, EcritureNum: num, EcritureDate: date, PieceRef: `R${num}`, PieceDate: date, Debit: "0,00", Credit: amount, ...extra },
    { ...BQ, EcritureNum: num, EcritureDate: date, CompteNum: "512000", CompteLib: "BNP", PieceRef: `R${num}`, PieceDate: date, Debit: amount, Credit: "0,00" },
  ];
}

const d = (iso: string): Day => parseIsoDay(iso) as Day;
const doc = (r: FecResult, customer: string, id: string): LedgerDocument => {
  const found = r.documents.find((x) => x.customer_id === customer && x.invoice_id === id);
  if (!found) throw new Error(`no document ${customer}/${id} in ${r.documents.map((x) => `${x.customer_id}/${x.invoice_id}`).join(", ")}`);
  return found;
};
const run = (text: string, options = {}): Promise<FecResult> => fecToLedger(tableFromTsv(text), 0, options);

describe("fecToLedger", () => {
  it("settles an invoice lettered with a bank payment on the payment line's date, not DateLet", async () => {
    const r = await run(
      fec(
        ...sale(alpha, "VE1", "20250110", "F001", "1200,00", { EcritureLet: "AA", DateLet: "20250220" }),
        ...receipt(alpha, "BQ1", "20250215", "1200,00", { EcritureLet: "AA", DateLet: "20250220" }),
      ),
    );
    const f = doc(r, "C0001", "F001");
    expect(f).toMatchObject({
      kind: "invoice",
      amount: 120000,
      open_amount: 0,
      paid_date: d("2025-02-15"),
      issue_date: d("2025-01-10"),
      due_date: d("2025-02-09"),
      due_date_estimated: true,
      currency: "EUR",
      disputed: false,
      reference: null,
      source: { file: "test-fec.txt", line: 2 },
    });
    expect(r.payments).toEqual([
      { customer_id: "C0001", invoice_id: "F001", date: d("2025-02-15"), amount: 120000, currency: "EUR", source: { file: "test-fec.txt", line: 5 } },
    ]);
    expect(r.customers.map((c) => [c.customer_id, c.name, c.source])).toEqual([["C0001", "Alpha SARL", null]]);
    expect(r).toMatchObject({ rowsRead: 5, rowsUsed: 2, rowsSkipped: 3, rejected: [] });
    expect(r.warnings.filter((w) => w.code === "fec-unbalanced")).toEqual([]);
  });

  it("uses the customer's terms for the estimated due date", async () => {
    const r = await run(fec(...sale(alpha, "VE1", "20250110", "F001", "100,00")), { termsDays: (id: string) => (id === "C0001" ? 45 : null) });
    expect(doc(r, "C0001", "F001").due_date).toBe(d("2025-02-24"));
  });

  it("allocates a partial lettering group oldest invoice first and leaves the residual open", async () => {
    const r = await run(
      fec(
        ...sale(alpha, "VE2", "20250120", "F003", "500,00", { EcritureLet: "AB" }),
        ...sale(alpha, "VE1", "20250105", "F002", "1000,00", { EcritureLet: "AB" }),
        ...receipt(alpha, "BQ1", "20250301", "1200,00", { EcritureLet: "AB", DateLet: "20250305" }),
      ),
    );
    expect(doc(r, "C0001", "F002")).toMatchObject({ open_amount: 0, paid_date: d("2025-03-01") });
    expect(doc(r, "C0001", "F003")).toMatchObject({ amount: 50000, open_amount: 30000, paid_date: null });
    const unbalanced = r.warnings.filter((w) => w.code === "fec-unbalanced");
    expect(unbalanced).toHaveLength(1);
    expect(unbalanced[0]).toMatchObject({ line: 2, column: "EcritureLet" });
    // a payment lettered against several invoices is tied to the oldest (F002, 5 Jan), as the allocation is
    expect(r.payments[0]).toMatchObject({ invoice_id: "F002", amount: 120000 });
  });

  it("leaves an unlettered invoice fully open", async () => {
    const r = await run(fec(...sale(alpha, "VE1", "20250110", "F009", "250,50")));
    expect(doc(r, "C0001", "F009")).toMatchObject({ amount: 25050, open_amount: 25050, paid_date: null });
    expect(r.warnings.some((w) => w.code === "due-date-derived")).toBe(true);
  });

  it("settles a credit note lettered against an invoice and a payment", async () => {
    const r = await run(
      fec(
        ...sale(alpha, "VE1", "20250110", "F004", "600,00", { EcritureLet: "AC" }),
        { ...VE, ...alpha, EcritureNum: "VE2", EcritureDate: "20250115", PieceRef: "AV001", PieceDate: "20250115", Debit: "0,00", Credit: "200,00", EcritureLet: "AC" },
        { ...VE, EcritureNum: "VE2", EcritureDate: "20250115", CompteNum: "706000", PieceRef: "AV001", Debit: "200,00", Credit: "0,00" },
        ...receipt(alpha, "BQ1", "20250210", "400,00", { EcritureLet: "AC" }),
      ),
    );
    expect(doc(r, "C0001", "AV001")).toMatchObject({ kind: "credit_note", amount: -20000, open_amount: 0, paid_date: d("2025-02-10") });
    expect(doc(r, "C0001", "F004")).toMatchObject({ kind: "invoice", open_amount: 0, paid_date: d("2025-02-10") });
    expect(r.payments[0]).toMatchObject({ invoice_id: "F004", amount: 40000 });
  });

  it("takes the credit note's date when a group holds no bank line", async () => {
    const r = await run(
      fec(
        ...sale(alpha, "VE1", "20250110", "F005", "300,00", { EcritureLet: "AD", DateLet: "20250301" }),
        { ...VE, ...alpha, EcritureNum: "VE2", EcritureDate: "20250120", PieceRef: "AV002", Credit: "300,00", EcritureLet: "AD", DateLet: "20250301" },
      ),
    );
    expect(doc(r, "C0001", "F005")).toMatchObject({ open_amount: 0, paid_date: d("2025-01-20") });
    expect(doc(r, "C0001", "AV002")).toMatchObject({ issue_date: d("2025-01-20"), amount: -30000 });
  });

  it("does not merge the same letter code in two accounts", async () => {
    const r = await run(
      fec(
        ...sale(alpha, "VE2", "20250110", "F010", "1000,00", { EcritureLet: "AA" }),
        ...receipt(alpha, "BQ1", "20250210", "1000,00", { EcritureLet: "AA" }),
        ...sale(beta, "VE1", "20250101", "F011", "500,00", { EcritureLet: "AA" }),
        ...receipt(beta, "BQ2", "20250215", "300,00", { EcritureLet: "AA" }),
      ),
    );
    // merged, the 1300 of cash would settle F011 (older) and leave 200 open on F010
    expect(doc(r, "C0001", "F010")).toMatchObject({ open_amount: 0, paid_date: d("2025-02-10") });
    expect(doc(r, "C0002", "F011")).toMatchObject({ open_amount: 20000, paid_date: null });
    expect(r.payments.map((p) => [p.customer_id, p.invoice_id])).toEqual([
      ["C0001", "F010"],
      ["C0002", "F011"],
    ]);
    expect(r.warnings.filter((w) => w.code === "fec-unbalanced")).toHaveLength(1);
  });

  it("keys a customer with its own 411 account and no CompAuxNum by the account", async () => {
    const r = await run(
      fec(
        ...sale(dupont, "VE1", "20250110", "F020", "120,00", { EcritureLet: "A" }),
        ...receipt(dupont, "BQ1", "20250120", "120,00", { EcritureLet: "A" }),
      ),
    );
    expect(r.customers.map((c) => [c.customer_id, c.name])).toEqual([["411DUP", "Dupont SA"]]);
    expect(doc(r, "411DUP", "F020")).toMatchObject({ open_amount: 0, paid_date: d("2025-01-20") });
    expect(r.payments[0]?.customer_id).toBe("411DUP");
  });

  it("turns an opening-balance line into an estimated invoice", async () => {
    const r = await run(
      fec(
        { ...AN, ...alpha, EcritureNum: "AN0001", EcritureDate: "20250101", PieceRef: "-", PieceDate: "20250101", Debit: "800,00", Credit: "0,00" },
        { ...AN, EcritureNum: "AN0001", EcritureDate: "20250101", CompteNum: "890000", PieceRef: "-", Debit: "0,00", Credit: "800,00" },
        { ...AN, ...beta, EcritureNum: "AN0002", EcritureDate: "20250101", PieceRef: "FA-2024-77", Debit: "90,00" },
        { ...AN, EcritureNum: "AN0002", EcritureDate: "20250101", CompteNum: "890000", Credit: "90,00" },
      ),
    );
    expect(doc(r, "C0001", "AN-AN0001")).toMatchObject({ kind: "invoice", amount: 80000, open_amount: 80000, issue_date: d("2025-01-01") });
    expect(doc(r, "C0002", "FA-2024-77")).toMatchObject({ amount: 9000 });
    const est = r.warnings.filter((w) => w.code === "estimated-from-fec");
    expect(est.map((w) => w.line)).toEqual([2, 4]);
  });

  it("treats OD lines as warned adjustments and a bank debit as a negative payment", async () => {
    const r = await run(
      fec(
        { ...OD, ...alpha, EcritureNum: "OD1", EcritureDate: "20250301", PieceRef: "OD-1", Debit: "15,00" },
        { ...OD, EcritureNum: "OD1", EcritureDate: "20250301", CompteNum: "627000", Credit: "15,00" },
        { ...OD, ...alpha, EcritureNum: "OD2", EcritureDate: "20250302", PieceRef: "OD-2", Credit: "4,00" },
        { ...OD, EcritureNum: "OD2", EcritureDate: "20250302", CompteNum: "658000", Debit: "4,00" },
        { ...BQ, ...alpha, EcritureNum: "BQ9", EcritureDate: "20250310", PieceRef: "IMP", Debit: "50,00" },
        { ...BQ, EcritureNum: "BQ9", EcritureDate: "20250310", CompteNum: "512000", Credit: "50,00" },
      ),
    );
    expect(doc(r, "C0001", "OD-1")).toMatchObject({ kind: "invoice", amount: 1500 });
    expect(doc(r, "C0001", "OD-2")).toMatchObject({ kind: "credit_note", amount: -400 });
    expect(r.warnings.filter((w) => w.code === "other").map((w) => w.line)).toEqual([2, 4]);
    expect(r.payments).toEqual([expect.objectContaining({ amount: -5000, invoice_id: null, date: d("2025-03-10") })]);
  });

  it("merges split sales lines of one piece into one document", async () => {
    const r = await run(
      fec(
        { ...VE, ...alpha, EcritureNum: "VE1", EcritureDate: "20250110", PieceRef: "F030", Debit: "600,00", EcritureLet: "AE" },
        { ...VE, ...alpha, EcritureNum: "VE1", EcritureDate: "20250110", PieceRef: "F030", Debit: "400,00" },
        { ...VE, EcritureNum: "VE1", EcritureDate: "20250110", CompteNum: "706000", PieceRef: "F030", Credit: "1000,00" },
        ...receipt(alpha, "BQ1", "20250201", "600,00", { EcritureLet: "AE" }),
      ),
    );
    expect(r.documents).toHaveLength(1);
    expect(doc(r, "C0001", "F030")).toMatchObject({ amount: 100000, open_amount: 40000, paid_date: null });
    expect(r.payments[0]?.invoice_id).toBe("F030");
  });

  it("reads the Montant/Sens variant and lets DateRglt win", async () => {
    const cols = [...COLS.slice(0, 11), "Montant", "Sens", ...COLS.slice(13), "DateRglt", "ModeRglt"];
    const text = [
      cols.join("\t"),
      row({ ...VE, ...alpha, EcritureNum: "1", EcritureDate: "20250110", PieceRef: "H1", Montant: "100,00", Sens: "D", EcritureLet: "AA" }, cols),
      row({ ...VE, EcritureNum: "1", EcritureDate: "20250110", CompteNum: "706000", PieceRef: "H1", Montant: "100,00", Sens: "C" }, cols),
      row({ ...BQ, ...alpha, EcritureNum: "2", EcritureDate: "20250205", PieceRef: "P1", Montant: "100,00", Sens: "C", EcritureLet: "AA", DateRglt: "20250203" }, cols),
      row({ ...BQ, EcritureNum: "2", EcritureDate: "20250205", CompteNum: "512000", PieceRef: "P1", Montant: "100,00", Sens: "D" }, cols),
    ].join("\n");
    const r = await run(text);
    expect(doc(r, "C0001", "H1")).toMatchObject({ amount: 10000, open_amount: 0, paid_date: d("2025-02-03") });
    expect(r.payments[0]).toMatchObject({ date: d("2025-02-03"), amount: 10000 });
    expect(r.warnings.filter((w) => w.code === "fec-unbalanced")).toEqual([]);
  });

  it("rejects unreadable lines with their line and column, and counts non-receivable lines as skipped", async () => {
    const r = await run(
      fec(
        ...sale(alpha, "VE1", "20250110", "F001", "100,00"),
        { ...VE, ...alpha, EcritureNum: "VE2", EcritureDate: "20250111", PieceRef: "F002", Debit: "12,3x" },
        { ...VE, ...alpha, EcritureNum: "VE3", EcritureDate: "20251341", PieceRef: "F003", Debit: "10,00" },
        { ...VE, ...alpha, EcritureNum: "VE4", EcritureDate: "20250112", PieceRef: "F004", Debit: "10,00", Credit: "5,00" },
        { ...VE, ...alpha, EcritureNum: "VE5", EcritureDate: "20250112", PieceRef: "F005", Debit: "10,00" },
      ) + "\r\nVE\tVentes\tVE6\t20250112\t411000\tClients\tC0001\tAlpha | SARL\tF006",
    );
    expect(r.rejected).toEqual([
      { file: "test-fec.txt", line: 5, column: "Debit", value: "12,3x", reason: expect.stringContaining("unreadable amount") },
      { file: "test-fec.txt", line: 6, column: "EcritureDate", value: "20251341", reason: expect.stringContaining("unreadable date") },
      { file: "test-fec.txt", line: 7, column: "Debit / Credit", value: "10,00 / 5,00", reason: "both Debit and Credit are filled" },
      { file: "test-fec.txt", line: 9, column: null, value: expect.stringContaining("F006"), reason: expect.stringContaining("9 fields where the header has 18") },
    ]);
    expect(r.documents.map((x) => x.invoice_id)).toEqual(["F001", "F005"]);
    expect(r).toMatchObject({ rowsRead: 8, rowsUsed: 2, rowsSkipped: 2 });
    expect(r.rowsRead).toBe(r.rowsUsed + r.rowsSkipped + r.rejected.length);
    // F005 has no counterpart: the file does not balance
    expect(r.warnings.find((w) => w.code === "fec-unbalanced" && w.line === null)?.message).toMatch(/total Debit 110\.00 ≠ total Credit 100\.00/);
  });

  it("reads Odoo-style zero-padded amounts, '-' PieceRef and foreign currency", async () => {
    const text = [
      HEADER,
      row({ JournalCode: "INV", JournalLib: "Customer Invoices", EcritureNum: "INV/2025/00001", EcritureDate: "20250110", CompteNum: "411100", CompteLib: "Clients", CompAuxNum: "42", CompAuxLib: "Gamma GmbH", PieceRef: "-", PieceDate: "20250110", EcritureLib: "/", Debit: " 000000000001437,12", Credit: " 000000000000000,00", ValidDate: "20250110" }),
      row({ JournalCode: "INV", JournalLib: "Customer Invoices", EcritureNum: "INV/2025/00001", EcritureDate: "20250110", CompteNum: "706000", PieceRef: "-", Debit: " 000000000000000,00", Credit: " 000000000001437,12" }),
      row({ JournalCode: "RINV", JournalLib: "Factures clients", EcritureNum: "RINV/2025/00001", EcritureDate: "20250120", CompteNum: "411100", CompAuxNum: "42", CompAuxLib: "Gamma GmbH", PieceRef: "-", Debit: " 000000000000000,00", Credit: " 000000000000100,00", Montantdevise: "-000000000000120,00", Idevise: "USD" }),
      row({ JournalCode: "RINV", JournalLib: "Factures clients", EcritureNum: "RINV/2025/00001", EcritureDate: "20250120", CompteNum: "706000", PieceRef: "-", Debit: " 000000000000100,00", Credit: " 000000000000000,00" }),
    ].join("\r\n");
    const r = await run(text);
    expect(doc(r, "42", "INV/2025/00001")).toMatchObject({ kind: "invoice", amount: 143712, open_amount: 143712, currency: "EUR" });
    expect(doc(r, "42", "RINV/2025/00001")).toMatchObject({ kind: "credit_note", amount: -12000, open_amount: -12000, currency: "USD" });
    expect(r.rejected).toEqual([]);
    expect(r.warnings.filter((w) => w.code === "fec-unbalanced")).toEqual([]);
  });

  it("reads the same whatever the head holds: a comma in the first rows decides it at once, one only further down once every row is read", async () => {
    const text = fec(
      { ...VE, ...alpha, EcritureNum: "1", EcritureDate: "20250110", PieceRef: "F1", PieceDate: "20250110", Debit: "100", Credit: "0", EcritureLet: "A" },
      { ...VE, EcritureNum: "1", EcritureDate: "20250110", CompteNum: "706000", PieceRef: "F1", Debit: "0", Credit: "100" },
      { ...BQ, ...alpha, EcritureNum: "2", EcritureDate: "20250120", PieceRef: "R2", Debit: "0", Credit: "100", EcritureLet: "A" },
      { ...BQ, EcritureNum: "2", EcritureDate: "20250120", CompteNum: "512000", PieceRef: "R2", Debit: "100", Credit: "0" },
      ...sale(beta, "3", "20250201", "F3", "12,50"),
    );
    const results: FecResult[] = [];
    for (const headRows of [Infinity, 8, 3, 1]) results.push(await fecToLedger(tableFromTsv(text, "test-fec.txt", headRows), 0));
    expect(doc(results[0]!, "C0002", "F3")).toMatchObject({ amount: 1250 }); // the comma decides the whole file
    expect(doc(results[0]!, "C0001", "F1")).toMatchObject({ amount: 10000, open_amount: 0 });
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  });

  it("reads a dot-decimal file and honours journal overrides", async () => {
    const r = await run(
      fec(
        { JournalCode: "J1", JournalLib: "Journal 1", ...alpha, EcritureNum: "1", EcritureDate: "2025-01-10", PieceRef: "X1", Debit: "10.5", Credit: "0", EcritureLet: "A" },
        { JournalCode: "J2", JournalLib: "Journal 2", ...alpha, EcritureNum: "2", EcritureDate: "15/01/2025", PieceRef: "X2", Debit: "0", Credit: "10.50", EcritureLet: "A" },
      ),
      { journalOverrides: { j1: "sales", J2: "bank" } },
    );
    expect(doc(r, "C0001", "X1")).toMatchObject({ amount: 1050, open_amount: 0, paid_date: d("2025-01-15") });
    expect(r.payments).toHaveLength(1);
  });

  it("throws a DataError when no line is on a customer account", async () => {
    await expect(run(fec({ ...VE, CompteNum: "706000", EcritureNum: "1", EcritureDate: "20250101", Credit: "1,00" }))).rejects.toThrow(DataError);
    await expect(run(fec({ ...VE, CompteNum: "706000", EcritureNum: "1", EcritureDate: "20250101", Credit: "1,00" }))).rejects.toThrow(/no 411 customer account line found/);
  });
});
