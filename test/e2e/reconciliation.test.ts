/**
 * Nothing lost (issue 8, acceptance): on every fixture dialect, Σ input amounts = Σ used
 * amounts + Σ rejected amounts, to the cent, and every data line of every file is used,
 * rejected, or merged into an identical one — never two of these, never none.
 *
 * The input side is read here, independently of the tool: each file's rows are split with
 * papaparse (or exceljs for the workbook) and its amounts parsed by a small parser per
 * dialect written below; which lines are data is decided from the dialect's layout (the
 * QuickBooks report's detail rows, the FEC's 411 lines). The used and rejected side is the
 * ledger of src/ingest/load-ledger.ts: documents and payments carry their source line,
 * rejects their file and line, merged duplicates a `duplicate-merged` warning. The same
 * check runs on derived exports holding rejected and merged rows, so that it can fail.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { loadLedger, type LedgerFiles } from "../../src/ingest/load-ledger.js";
import { parseIsoDay } from "../../src/ledger/day.js";
import type { Ledger } from "../../src/ledger/types.js";
import { ROOT } from "../helpers/run-cli.js";

const AS_OF = parseIsoDay("2026-10-31")!;
const fx = (p: string) => join(ROOT, "fixtures", p);

// ------------------------------------------------------------------ the input, read here

/** Exact cents of a formatted amount, or null when it is not one. */
function cents(text: string, decimal: "." | ","): number | null {
  let t = text.replace(/[\s\u00a0\u202f€£$]/g, "");
  let negative = false;
  if (t.endsWith("-")) {
    negative = true;
    t = t.slice(0, -1);
  }
  if (t.startsWith("-")) {
    negative = !negative;
    t = t.slice(1);
  }
  const group = decimal === "," ? "." : ",";
  t = t.split(group).join("");
  const m = new RegExp(`^(\\d+)(?:\\${decimal}(\\d{1,2}))?$`).exec(t);
  if (!m) return null;
  const value = Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
  if (!Number.isSafeInteger(value)) return null;
  return negative ? -value : value;
}

/** Data lines of one input file: line → amount in cents (null when the amount cannot be read). */
type Amounts = Map<number, number | null>;

function rows(file: string, encoding: string, delimiter: string): string[][] {
  const text = new TextDecoder(encoding).decode(readFileSync(file)).replace(/^\uFEFF/, "");
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  for (const r of parsed.data) for (const cell of r) expect(cell).not.toMatch(/[\r\n]/); // so row i is line i + 1
  return parsed.data;
}

/** A flat export: header on line 1, the amount in column `header`. */
function flatAmounts(file: string, encoding: string, delimiter: string, header: string, decimal: "." | ","): Amounts {
  const [head, ...data] = rows(file, encoding, delimiter);
  const col = head!.indexOf(header);
  expect(col, `${header} in ${file}`).toBeGreaterThanOrEqual(0);
  const out: Amounts = new Map();
  data.forEach((r, i) => {
    if (r.every((c) => c.trim() === "")) return; // blank line
    out.set(i + 2, cents(r[col] ?? "", decimal));
  });
  return out;
}

/** The QuickBooks aging report: detail rows have an empty first cell and a document number. */
function quickbooksAmounts(file: string): Amounts {
  const all = rows(file, "utf-8", ",");
  const head = all.findIndex((r) => r[3] === "Num");
  const amount = all[head]!.indexOf("Amount");
  const out: Amounts = new Map();
  all.forEach((r, i) => {
    if (i > head && r[0] === "" && (r[3] ?? "") !== "") out.set(i + 1, cents(r[amount]!, "."));
  });
  return out;
}

/** The Exact workbook: data from row 5 under the header of row 4, amounts as numbers. */
async function workbookAmounts(file: string): Promise<Amounts> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(4).values as unknown[]).map(String);
  const col = header.indexOf("Bedrag");
  const out: Amounts = new Map();
  ws.eachRow((row, n) => {
    if (n <= 4) return;
    const v = row.getCell(col).value;
    out.set(n, typeof v === "number" ? Math.round(v * 100) : null);
  });
  return out;
}

/** The FEC: receivable (411…) lines, Debit − Credit. */
function fecAmounts(file: string): Amounts {
  const [head, ...data] = rows(file, "iso-8859-15", "\t");
  const at = (name: string) => head!.indexOf(name);
  const out: Amounts = new Map();
  data.forEach((r, i) => {
    if (r.length < 2 || !/^(411|416|413|4191)/.test(r[at("CompteNum")]!)) return;
    const debit = cents(r[at("Debit")]!, ",");
    const credit = cents(r[at("Credit")]!, ",");
    out.set(i + 2, debit === null || credit === null ? null : debit - credit);
  });
  return out;
}

// ------------------------------------------------------------------ the identity

interface Account {
  lines: number;
  input: number;
  used: number;
  rejected: number;
  merged: number;
  unreadable: number;
}

const sum = (xs: Iterable<number>) => [...xs].reduce((s, x) => s + x, 0);

/**
 * Every data line of `file` is used, rejected or merged (exactly one); every used document
 * or payment has the file's amount of its line (negated where the ledger says it changed
 * the sign); Σ input = Σ used + Σ rejected + Σ merged, to the cent.
 */
function reconcile(ledger: Ledger, file: string, amounts: Amounts): Account {
  const used = new Map<number, number>();
  for (const d of ledger.documents) if (d.source.file === file) used.set(d.source.line, (used.get(d.source.line) ?? 0) + d.amount);
  for (const p of ledger.payments) if (p.source.file === file) used.set(p.source.line, (used.get(p.source.line) ?? 0) + p.amount);
  const rejected = new Set(ledger.rejected.filter((r) => r.file === file).map((r) => r.line));
  const merged = new Set(ledger.warnings.filter((w) => w.code === "duplicate-merged" && w.file === file).map((w) => w.line!));
  const flipped = new Set(ledger.warnings.filter((w) => w.code === "sign-normalised" && w.file === file).map((w) => w.line!));

  const accounted = [...used.keys(), ...rejected, ...merged];
  expect(new Set(accounted).size, `${file}: a line both used and rejected or merged`).toBe(accounted.length);
  expect([...accounted].sort((a, b) => a - b), `${file}: data lines not accounted for, or lines that are no data`).toEqual([...amounts.keys()].sort((a, b) => a - b));

  for (const [line, amount] of used) {
    const input = amounts.get(line);
    expect(input, `${file}:${line} used, but its amount cannot be read`).not.toBeNull();
    expect(amount, `${file}:${line}`).toBe(flipped.has(line) ? -input! : input!);
  }
  const readable = (lines: Iterable<number>) => sum([...lines].map((l) => amounts.get(l)).filter((a): a is number => a !== null && a !== undefined));
  const account: Account = {
    lines: amounts.size,
    input: readable(amounts.keys()),
    used: sum([...used].map(([line, a]) => (flipped.has(line) ? -a : a))),
    rejected: readable(rejected),
    merged: readable(merged),
    unreadable: [...amounts.values()].filter((a) => a === null).length,
  };
  expect(account.input, `${file}: Σ input = Σ used + Σ rejected + Σ merged`).toBe(account.used + account.rejected + account.merged);
  // every unreadable amount is on a rejected line
  for (const [line, a] of amounts) if (a === null) expect(rejected.has(line), `${file}:${line}`).toBe(true);
  // and the summary the tool prints says the same
  const summary = ledger.sources.find((s) => s.file === file)!;
  expect(summary.rows_used + summary.rows_rejected, `${file}: rows used + rejected`).toBe(used.size + merged.size + rejected.size);
  return account;
}

/** The FEC: documents merge several lines, so the identity is on sums and counts. */
function reconcileFec(ledger: Ledger, file: string, amounts: Amounts): Account {
  const rejected = new Set(ledger.rejected.filter((r) => r.file === file).map((r) => r.line));
  const nonZero = [...amounts].filter(([, a]) => a !== 0);
  const readable = (lines: Iterable<number>) => sum([...lines].map((l) => amounts.get(l)).filter((a): a is number => a !== null && a !== undefined));
  // documents are Debit − Credit of their lines; payments are cash received (Credit − Debit)
  const used = sum(ledger.documents.filter((d) => d.source.file === file).map((d) => d.amount)) - sum(ledger.payments.filter((p) => p.source.file === file).map((p) => p.amount));
  const account: Account = { lines: nonZero.length, input: readable(amounts.keys()), used, rejected: readable(rejected), merged: 0, unreadable: [...amounts.values()].filter((a) => a === null).length };
  expect(account.input, `${file}: Σ (Debit − Credit) of 411 lines = Σ documents − Σ payments + Σ rejected`).toBe(account.used + account.rejected);
  for (const line of rejected) expect(amounts.has(line), `${file}:${line} rejected but not a 411 line`).toBe(true);
  const summary = ledger.sources.find((s) => s.file === file)!;
  expect(summary.rows_used + summary.rows_rejected, `${file}: every non-zero 411 line used or rejected`).toBe(nonZero.length);
  return account;
}

// ------------------------------------------------------------------ the dialects

interface Dialect {
  name: string;
  files: LedgerFiles;
  amounts: () => Promise<[string, Amounts][]>;
}

const DIALECTS: Dialect[] = [
  {
    name: "fr-sage (Windows-1252, ;, 1 234,56)",
    files: { customers: fx("fr-sage/clients.csv"), invoices: fx("fr-sage/factures.csv") },
    amounts: async () => [[fx("fr-sage/factures.csv"), flatAmounts(fx("fr-sage/factures.csv"), "windows-1252", ";", "Montant TTC", ",")]],
  },
  {
    name: "en-iso (UTF-8, ISO, with payments)",
    files: { customers: fx("en-iso/customers.csv"), invoices: fx("en-iso/invoices.csv"), payments: fx("en-iso/payments.csv") },
    amounts: async () => [
      [fx("en-iso/invoices.csv"), flatAmounts(fx("en-iso/invoices.csv"), "utf-8", ",", "Amount", ".")],
      [fx("en-iso/payments.csv"), flatAmounts(fx("en-iso/payments.csv"), "utf-8", ",", "Amount", ".")],
    ],
  },
  {
    name: "de-datev (BOM, 1.234,56, trailing minus)",
    files: { customers: fx("de-datev/kunden.csv"), invoices: fx("de-datev/rechnungen.csv") },
    amounts: async () => [[fx("de-datev/rechnungen.csv"), flatAmounts(fx("de-datev/rechnungen.csv"), "utf-8", ";", "Betrag", ",")]],
  },
  {
    name: "nl-exact (.xlsx under title rows)",
    files: { customers: fx("nl-exact/debiteuren.xlsx"), invoices: fx("nl-exact/facturen.xlsx") },
    amounts: async () => [[fx("nl-exact/facturen.xlsx"), await workbookAmounts(fx("nl-exact/facturen.xlsx"))]],
  },
  {
    name: "uk-quickbooks (aging report: sections and totals)",
    files: { invoices: fx("uk-quickbooks/ar-aging-detail.csv") },
    amounts: async () => [[fx("uk-quickbooks/ar-aging-detail.csv"), quickbooksAmounts(fx("uk-quickbooks/ar-aging-detail.csv"))]],
  },
];

const FEC = fx("fec/123456782FEC20261031.txt");

describe("reconciliation on every fixture dialect: Σ input = Σ used + Σ rejected, to the cent", () => {
  for (const d of DIALECTS) {
    it(d.name, async () => {
      const { ledger } = await loadLedger({ ...d.files, asOf: AS_OF });
      for (const [file, amounts] of await d.amounts()) {
        const a = reconcile(ledger, file, amounts);
        expect(a.lines).toBeGreaterThan(60);
        expect(a.rejected + a.merged).toBe(0); // the fixtures are clean
      }
    });
  }

  it("the FEC (411 lines, Debit − Credit)", async () => {
    const { ledger } = await loadLedger({ invoices: FEC, asOf: AS_OF });
    const a = reconcileFec(ledger, FEC, fecAmounts(FEC));
    expect(a.lines).toBe(652); // fixtures/fec/README.md: 652 receivable lines used
    expect(a.rejected).toBe(0);
  });

  it("the fixtures' totals agree with fixtures/README.md (so the parsers above read what the files say)", async () => {
    const [[, en]] = (await DIALECTS[1]!.amounts()) as [[string, Amounts]];
    expect(sum([...en.values()].map((a) => a!))).toBe(564447516 + 563376 + 4115050);
    for (const d of DIALECTS.slice(0, 4)) {
      const [[, amounts]] = (await d.amounts()) as [[string, Amounts]];
      expect(sum([...amounts.values()].map((a) => a!)), d.name).toBe(564447516 + 563376 + 4115050);
    }
    const [[, uk]] = (await DIALECTS[4]!.amounts()) as [[string, Amounts]];
    expect(sum([...uk.values()].map((a) => a!))).toBe(54117138); // the report's TOTAL row
  });
});

describe("reconciliation with rejected and merged rows", () => {
  const dir = mkdtempSync(join(tmpdir(), "relance-reconcile-"));
  const invoices = join(dir, "invoices.csv");
  const payments = join(dir, "payments.csv");
  const fec = join(dir, "FEC.txt");
  let ledger: Ledger;

  beforeAll(async () => {
    const lines = readFileSync(fx("en-iso/invoices.csv"), "utf8").split("\n");
    const at = (n: number) => lines[n - 1]!.split(",");
    const set = (n: number, col: number, value: string) => {
      const cells = at(n);
      cells[col] = value;
      lines[n - 1] = cells.join(",");
    };
    set(5, 3, "2026-02-30"); // bad issue date: rejected, amount readable
    set(9, 5, "12.3.4"); // bad amount: rejected, amount unreadable
    set(12, 0, "C999"); // unknown customer: rejected by the ledger
    set(20, 9, "ZZZ-not-a-currency"); // bad currency: rejected
    const body = lines.filter((l) => l !== "");
    body.push(body[30]!); // an identical duplicate: merged, counted once
    const dup = body[40]!.split(",");
    dup[5] = "1.00";
    body.push(dup.join(",")); // same number, other amount: rejected
    writeFileSync(invoices, body.join("\n") + "\n");

    const pay = readFileSync(fx("en-iso/payments.csv"), "utf8").split("\n");
    pay[2] = pay[2]!.replace(/^C\d+/, "C998"); // unknown customer
    pay[6] = pay[6]!.replace(/,(\d{4}-\d\d-\d\d),/, ",2026-13-01,"); // bad date
    writeFileSync(payments, pay.join("\n"));

    const fecLines = readFileSync(FEC).toString("latin1").split("\r\n");
    let corrupted = 0;
    for (let i = 1; i < fecLines.length && corrupted < 3; i++) {
      const cells = fecLines[i]!.split("\t");
      if (!cells[4]?.startsWith("411") || i % 50 !== 0) continue;
      cells[3] = corrupted === 2 ? "20261399" : cells[3]!; // a bad date
      if (corrupted < 2) cells[11] = "12,3,4"; // unreadable debit
      fecLines[i] = cells.join("\t");
      corrupted++;
    }
    writeFileSync(fec, Buffer.from(fecLines.join("\r\n"), "latin1"));

    ({ ledger } = await loadLedger({ customers: fx("en-iso/customers.csv"), invoices, payments, asOf: AS_OF }));
  });

  it("invoices: every line accounted for, the sums agree, the rejects are the ones made", () => {
    const a = reconcile(ledger, invoices, flatAmounts(invoices, "utf-8", ",", "Amount", "."));
    expect(ledger.rejected.filter((r) => r.file === invoices).map((r) => r.line)).toEqual([5, 9, 12, 20, 389]);
    expect(a.merged).not.toBe(0);
    expect(a.rejected).not.toBe(0);
    expect(a.unreadable).toBe(1);
    expect(a).toMatchObject({ lines: 388 });
  });

  it("payments: the same", () => {
    const a = reconcile(ledger, payments, flatAmounts(payments, "utf-8", ",", "Amount", "."));
    expect(ledger.rejected.filter((r) => r.file === payments).map((r) => r.line).sort()).toEqual([3, 7]);
    expect(a.rejected).not.toBe(0);
  });

  it("a FEC with rejected lines: the same on sums", async () => {
    const { ledger: l } = await loadLedger({ invoices: fec, asOf: AS_OF });
    const amounts = fecAmounts(fec);
    const a = reconcileFec(l, fec, amounts);
    expect(l.rejected.length).toBe(3);
    expect(a.unreadable).toBe(2);
    expect(a.rejected).not.toBe(0);
  });

  it("would see a lost row: the identity fails when a used line is dropped from the ledger", () => {
    const amounts = flatAmounts(invoices, "utf-8", ",", "Amount", ".");
    const lossy: Ledger = { ...ledger, documents: ledger.documents.filter((d) => !(d.source.file === invoices && d.source.line === 2)) };
    expect(() => reconcile(lossy, invoices, amounts)).toThrow(/data lines not accounted for/);
    const wrong: Ledger = { ...ledger, documents: ledger.documents.map((d) => (d.source.file === invoices && d.source.line === 2 ? { ...d, amount: d.amount + 1 } : d)) };
    expect(() => reconcile(wrong, invoices, amounts)).toThrow(new RegExp(`${invoices.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:2`));
  });
});
