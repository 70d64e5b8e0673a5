/**
 * FEC (Fichier des Écritures Comptables) → ledger: customers, documents and payments derived
 * from the customer-account lines of a French general-ledger export.
 *
 * Reading
 * - The header row gives the columns (fec-columns.ts): the 18 legal ones, the Montant/Sens
 *   cash-basis variant with DateRglt, renamed "FEC-compatible" headers; extras are ignored.
 * - The decimal mark is decided once for the whole file from the Debit/Credit (Montant)
 *   values: "," when some value has a comma as its last separator, else ".". When the
 *   first rows (the table's head) show no comma, the file is read once first for it. The
 *   lines are then taken as they are read, only the customer-account lines kept (a FEC of
 *   654k lines took 1.2 GB when every line was held, about 400 MB so). Dates are
 *   yyyymmdd (legal), ISO or dd/mm/yyyy (day first).
 * - Receivable lines are those whose CompteNum starts with 411 (customers), 416 (doubtful),
 *   413 (bills receivable) or 4191 (advances received). Every other line is counted in
 *   `rowsSkipped` (and in the balance check), never rejected. AR lines of amount 0 are
 *   skipped too. Blank lines are ignored and not counted.
 * - A line that cannot be read is rejected (never thrown): wrong field count (trailing empty
 *   extra fields are tolerated), unreadable or empty EcritureDate, unreadable PieceDate /
 *   DateLet / DateRglt when filled, unreadable Debit/Credit/Montant/Montantdevise, both Debit
 *   and Credit non-zero, Sens not D/C, and a line whose currency differs from the other
 *   lines of its document. One Rejected entry per line (the first fault), so
 *   rowsRead = rowsUsed + rowsSkipped + rejected lines.
 * - Total Debit ≠ total Credit over the readable lines of the file → one "fec-unbalanced"
 *   warning (not an error). No receivable line at all → DataError.
 *
 * Customers: customer_id = CompAuxNum when filled, else CompteNum (a customer with its own
 * 411XXX account). name = CompAuxLib, else CompteLib when there is no CompAuxNum, else the
 * CompAuxNum itself (the collective account's label, "Clients", names nobody). Other fields
 * null, source null.
 *
 * Journals (classify-journal.ts, with the user's overrides) and AR lines:
 * - sales journal: debit = invoice, credit = credit note (negative amount). Lines of one
 *   customer with the same piece in the sales journal (split échéances, an invoice and its
 *   correction under one PieceRef) form ONE document whose amount is their sum; its kind
 *   follows the sign of the sum.
 * - bank/cash journal: credit = Payment with a positive amount (cash received); debit =
 *   refund or bounced cheque = a NEGATIVE Payment. Bank lines never create documents.
 * - opening journal (AN/OUV/RAN…): debit = "opening balance" invoice, credit = opening
 *   credit note (credit balance carried forward); warning "estimated-from-fec" on each,
 *   since the prior-year invoices behind the balance are not in the file.
 * - other journals (OD, exchange differences…): debit = invoice-like document, credit =
 *   credit-note-like document; warning "other" on each.
 *   Opening and OD lines are merged like sales lines (same customer, same piece, same
 *   journal kind). When two journal kinds give the same invoice_id to one customer, the
 *   later document becomes `<id>/<EcritureNum>` (warned) so ids stay unique per customer.
 * - invoice_id = PieceRef, else (empty or "-", as Odoo writes) EcritureNum; for the opening
 *   journal `AN-<EcritureNum>`.
 * - issue_date = PieceDate, else EcritureDate (the earliest over a merged document);
 *   due_date = issue_date + termsDays(customer) ?? 30, due_date_estimated true for every
 *   FEC document (a FEC has no due date); one file-level "due-date-derived" warning.
 * - currency: "EUR" with amount = Debit − Credit, unless Idevise names another currency AND
 *   Montantdevise is filled: then currency = Idevise and amount = |Montantdevise| with the
 *   sign of Debit − Credit. Idevise without Montantdevise keeps EUR (warned). Lettering is
 *   always computed in EUR (the book currency), so exchange differences do not unbalance it.
 * - disputed false, reference null.
 *
 * Lettering (open amounts and paid dates)
 * - Group key (CompteNum, CompAuxNum, EcritureLet): letter codes repeat across accounts.
 *   Empty EcritureLet = not lettered: a document line stays fully open, paid_date null; a
 *   payment stays unallocated.
 * - Settlement date of a group: the latest DateRglt of its lines when any (authoritative);
 *   else the latest EcritureDate of its bank/cash credit lines; else of its credit lines;
 *   else the latest DateLet (DateLet is a lettering timestamp, not a payment date); else the
 *   latest EcritureDate of the group.
 * - A group summing to zero is settled: every document line in it is open 0.
 * - A group not summing to zero (partial lettering) gets one "fec-unbalanced" warning.
 *   Sum > 0 (under-paid): its credit notes count as used (open 0) and the cash of the group
 *   (credits minus bank debits) is allocated to its debit documents oldest-first (issue
 *   date, then line); the covered ones are settled, the next keeps the residual. Sum < 0
 *   (over-credited): its debit documents are settled and the excess stays open on its credit
 *   notes, newest first; any excess beyond them is unapplied cash (already in the payments).
 * - A document is settled (open_amount 0, paid_date = the latest settlement date of its
 *   lines) when all its lines are; otherwise open_amount = the sum of its lines' open parts
 *   (converted pro rata for a foreign-currency document), paid_date null.
 * - Payment.invoice_id = the oldest invoice of the payment line's lettering group; null for an
 *   unlettered payment (or a group without invoice), which is unallocated credit.
 *   Payment.date = DateRglt when filled, else EcritureDate. Note: these payments are a
 *   by-product, not a complete payments file: the documents' open_amount/paid_date already
 *   carry the settlement.
 * - Odoo leaves partial reconciliations unlettered, so a partly paid Odoo invoice shows as
 *   fully open with an unallocated payment.
 */
import { DataError, UsageError } from "../../errors.js";
import type { Day } from "../../ledger/day.js";
import { formatCents, type Cents } from "../../ledger/money.js";
import type { Customer, DocumentKind, LedgerDocument, Payment, Rejected, Warning, WarningCode } from "../../ledger/types.js";
import { amountFromNumber, parseAmount, type DecimalMark } from "../parse/amount.js";
import { parseDate } from "../parse/date.js";
import type { Parsed } from "../parse/result.js";
import type { Cell, RawRow, RawTable } from "../table.js";
import { classifyJournal, type JournalClass } from "./classify-journal.js";
import { mapFecColumns, type FecColumns, type FecField } from "./fec-columns.js";
import { minOf } from "../../util/extremes.js";
import { detached } from "../../util/detached.js";

export interface FecOptions {
  /** payment terms in days of a customer (from a customers export), else 30 days is used */
  termsDays?: (customerId: string) => number | null;
  journalOverrides?: Record<string, "sales" | "bank" | "opening" | "other">;
}

export interface FecResult {
  customers: Customer[];
  documents: LedgerDocument[];
  payments: Payment[];
  rejected: Rejected[];
  warnings: Warning[];
  rowsRead: number;
  rowsUsed: number;
  /** Lines of non-receivable accounts (and zero-amount receivable lines): counted, not rejected. */
  rowsSkipped: number;
}

const DEFAULT_TERMS_DAYS = 30;
const RECEIVABLE_PREFIXES = ["411", "416", "413", "4191"] as const;

/** True for a customer receivable account number (411, 416, 413, 4191…). */
export function isReceivableAccount(compteNum: string): boolean {
  const account = compteNum.trim();
  return RECEIVABLE_PREFIXES.some((prefix) => account.startsWith(prefix));
}

type DocSource = "sales" | "opening" | "other";

interface Line {
  line: number;
  journal: JournalClass;
  ecritureNum: string;
  ecritureDate: Day;
  /** PieceDate, else EcritureDate. */
  issue: Day;
  compteNum: string;
  auxNum: string;
  customerId: string;
  /** Debit − Credit in EUR cents. */
  eur: Cents;
  /** Signed like `eur`, in `currency`. */
  amount: Cents;
  currency: string;
  letter: string;
  dateLet: Day | null;
  dateRglt: Day | null;
  doc: DocAcc | null;
  /** Lettering outcome for document lines: open part in EUR and settlement day. */
  openEur: Cents;
  settled: Day | null;
}

interface DocAcc {
  customerId: string;
  source: DocSource;
  id: string;
  currency: string;
  lines: Line[];
  kind: DocumentKind | null;
  invoiceId: string;
}

const DATE_FORMAT = { order: "dmy" as const };

function text(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return "";
  return typeof cell === "number" ? String(cell) : cell.trim();
}

function isBlank(cell: Cell | undefined): boolean {
  return text(cell) === "";
}

/**
 * The file's decimal mark: "," when some amount value has a comma as its last separator,
 * else ".". The first rows (the table's head) nearly always show it (a French FEC writes
 * "1234,56"); else the file is read once for it, no row kept (held, a FEC's rows took
 * about 1.8 KB a line).
 */
async function decideDecimal(table: RawTable, headerIndex: number, columns: FecColumns): Promise<DecimalMark> {
  const fields: FecField[] = ["Debit", "Credit", "Montant", "Montantdevise"];
  const indexes = fields.map((f) => columns.index[f]).filter((i): i is number => i !== undefined);
  const showsComma = (row: RawRow): boolean =>
    indexes.some((i) => {
      const cell = row.cells[i];
      if (typeof cell !== "string") return false;
      const comma = cell.lastIndexOf(",");
      return comma >= 0 && comma > cell.lastIndexOf(".");
    });
  if (table.head.slice(headerIndex + 1).some(showsComma)) return ",";
  let found = false;
  let delivered = 0;
  await table.forEachRow((row) => {
    if (!found && delivered++ > headerIndex) found = showsComma(row);
  });
  return found ? "," : ".";
}

function maxDay(days: readonly (Day | null)[]): Day | null {
  let best: Day | null = null;
  for (const d of days) if (d !== null && (best === null || d > best)) best = d;
  return best;
}

class LineError {
  constructor(
    readonly column: string | null,
    readonly value: string,
    readonly reason: string,
  ) {}
}

export async function fecToLedger(table: RawTable, headerIndex: number, options: FecOptions = {}): Promise<FecResult> {
  const file = table.file;
  const headerRow = table.head[headerIndex];
  if (!headerRow) throw new UsageError(`${file}: no header row at index ${headerIndex}.`, { file });
  const columns = mapFecColumns(headerRow.cells);
  if (columns.missing.length > 0) {
    throw new UsageError(
      `${file}:${headerRow.line}: not a readable FEC header, missing ${columns.missing.join(", ")}.`,
      { file, line: headerRow.line },
      "A FEC's first line names its 18 columns (JournalCode, JournalLib, EcritureNum, EcritureDate, CompteNum, …, Debit, Credit, …).",
    );
  }
  const { index, headers } = columns;
  const header = (field: FecField): string => {
    const i = index[field];
    return i === undefined ? field : headers[i] ?? field;
  };

  const decimal = await decideDecimal(table, headerIndex, columns);

  const rejected: Rejected[] = [];
  const warnings: Warning[] = [];
  const warn = (code: WarningCode, message: string, line: number | null = null, column: string | null = null): void => {
    warnings.push({ code, message, file, line, column });
  };

  const cellOf = (row: RawRow, field: FecField): Cell | undefined => {
    const i = index[field];
    return i === undefined ? undefined : row.cells[i];
  };
  // a copy, not a view into the file's piece (the lines and documents keep some: a kept view kept its whole piece)
  const textOf = (row: RawRow, field: FecField): string => detached(text(cellOf(row, field)));

  const amountOf = (row: RawRow, field: FecField): Cents => {
    const cell = cellOf(row, field);
    if (isBlank(cell)) return 0;
    const parsed: Parsed<{ cents: Cents }> =
      typeof cell === "number" ? amountFromNumber(cell) : parseAmount(text(cell), { decimal });
    if (!parsed.ok) throw new LineError(header(field), text(cell), `unreadable amount: ${parsed.reason}`);
    return parsed.value.cents;
  };
  const dateOf = (row: RawRow, field: FecField, required: boolean): Day | null => {
    const cell = cellOf(row, field);
    if (isBlank(cell)) {
      if (required) throw new LineError(header(field), "", `empty ${field}`);
      return null;
    }
    const parsed = parseDate(cell as string | number, DATE_FORMAT);
    if (!parsed.ok) throw new LineError(header(field), text(cell), `unreadable date: ${parsed.reason}`);
    return parsed.value;
  };
  /** Debit − Credit of a line, in EUR cents, and its debit/credit parts for the balance check. */
  const signedOf = (row: RawRow): { debit: Cents; credit: Cents } => {
    if (columns.variant === "montant-sens") {
      const montant = amountOf(row, "Montant");
      const sens = textOf(row, "Sens")
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .toUpperCase();
      if (["D", "DEBIT", "+", "+1", "1"].includes(sens)) return { debit: montant, credit: 0 };
      if (["C", "CREDIT", "-", "-1"].includes(sens)) return { debit: 0, credit: montant };
      throw new LineError(header("Sens"), textOf(row, "Sens"), 'Sens must be "D" (debit) or "C" (credit)');
    }
    const debit = amountOf(row, "Debit");
    const credit = amountOf(row, "Credit");
    if (debit !== 0 && credit !== 0) {
      throw new LineError(
        `${header("Debit")} / ${header("Credit")}`,
        `${textOf(row, "Debit")} / ${textOf(row, "Credit")}`,
        "both Debit and Credit are filled",
      );
    }
    return { debit, credit };
  };

  const journalCache = new Map<string, JournalClass>();
  const journalOf = (code: string, lib: string): JournalClass => {
    const key = `${code}\u0000${lib}`;
    let cls = journalCache.get(key);
    if (cls === undefined) {
      cls = classifyJournal(code, lib, options.journalOverrides);
      journalCache.set(key, cls);
    }
    return cls;
  };

  const customers = new Map<string, Customer>();
  const docs = new Map<string, DocAcc>();
  const lines: Line[] = [];
  let rowsRead = 0;
  let rowsSkipped = 0;
  let receivableSeen = 0;
  let totalDebit = 0;
  let totalCredit = 0;
  let unreadableForBalance = 0;
  const foreignWithoutAmount = new Set<string>();

  /** One data row of the FEC, taken as it is read. */
  const take = (row: RawRow): void => {
    if (row.cells.every(isBlank)) return;
    rowsRead++;
    const receivable = isReceivableAccount(textOf(row, "CompteNum"));
    if (receivable) receivableSeen++;

    const fieldCount = row.cells.length;
    if (fieldCount < headers.length || row.cells.slice(headers.length).some((c) => !isBlank(c))) {
      const raw = row.cells.map(text).join("\t");
      rejected.push({
        file,
        line: row.line,
        column: null,
        value: raw.length > 200 ? `${raw.slice(0, 199)}…` : raw,
        reason: `${fieldCount} fields where the header has ${headers.length} (a separator inside a label, or a truncated line)`,
      });
      unreadableForBalance++;
      return;
    }

    if (!receivable) {
      rowsSkipped++;
      try {
        const { debit, credit } = signedOf(row);
        totalDebit += debit;
        totalCredit += credit;
      } catch (e) {
        if (!(e instanceof LineError)) throw e;
        unreadableForBalance++;
      }
      return;
    }

    try {
      const { debit, credit } = signedOf(row);
      const ecritureDate = dateOf(row, "EcritureDate", true) as Day;
      const pieceDate = dateOf(row, "PieceDate", false);
      const dateLet = dateOf(row, "DateLet", false);
      const dateRglt = dateOf(row, "DateRglt", false);
      const eur = debit - credit;

      // Currency: Idevise + Montantdevise, else EUR.
      let currency = "EUR";
      let amount = eur;
      const idevise = textOf(row, "Idevise").toUpperCase();
      if (idevise !== "" && idevise !== "EUR") {
        const foreign = Math.abs(amountOf(row, "Montantdevise"));
        if (foreign !== 0) {
          currency = idevise;
          amount = eur < 0 ? -foreign : foreign;
        } else if (eur !== 0) {
          foreignWithoutAmount.add(idevise);
        }
      }
      if (eur === 0) {
        totalDebit += debit;
        totalCredit += credit;
        rowsSkipped++;
        return;
      }

      const compteNum = textOf(row, "CompteNum");
      const auxNum = textOf(row, "CompAuxNum");
      const customerId = auxNum !== "" ? auxNum : compteNum;
      const journal = journalOf(textOf(row, "JournalCode"), textOf(row, "JournalLib"));
      const ecritureNum = textOf(row, "EcritureNum");
      const line: Line = {
        line: row.line,
        journal,
        ecritureNum,
        ecritureDate,
        issue: pieceDate ?? ecritureDate,
        compteNum,
        auxNum,
        customerId,
        eur,
        amount,
        currency,
        letter: textOf(row, "EcritureLet"),
        dateLet,
        dateRglt,
        doc: null,
        openEur: eur,
        settled: null,
      };

      if (journal !== "bank") {
        const source: DocSource = journal;
        const pieceRef = textOf(row, "PieceRef");
        const numbered = ecritureNum !== "" ? ecritureNum : `L${row.line}`;
        const id =
          pieceRef !== "" && pieceRef !== "-" ? pieceRef : source === "opening" ? `AN-${numbered}` : numbered;
        const key = `${customerId}\u0000${source}\u0000${id}`;
        let doc = docs.get(key);
        if (doc && doc.currency !== currency) {
          throw new LineError(
            header("Idevise"),
            textOf(row, "Idevise"),
            `piece ${id} of customer ${customerId} already has lines in ${doc.currency}; a document has one currency`,
          );
        }
        if (!doc) {
          doc = { customerId, source, id, currency, lines: [], kind: null, invoiceId: id };
          docs.set(key, doc);
        }
        doc.lines.push(line);
        line.doc = doc;
      }
      lines.push(line);
      totalDebit += debit;
      totalCredit += credit;

      if (!customers.has(customerId)) {
        customers.set(customerId, newCustomer(customerId, ""));
      }
      const customer = customers.get(customerId) as Customer;
      if (customer.name === "") {
        const auxLib = textOf(row, "CompAuxLib");
        customer.name = auxLib !== "" ? auxLib : auxNum === "" ? textOf(row, "CompteLib") : "";
      }
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      rejected.push({ file, line: row.line, column: e.column, value: e.value, reason: e.reason });
      unreadableForBalance++;
    }
  };

  let delivered = 0;
  await table.forEachRow((row) => {
    if (delivered++ > headerIndex) take(row);
  });

  if (receivableSeen === 0) {
    throw new DataError(
      `${file}: no 411 customer account line found (no CompteNum starting with 411, 416, 413 or 4191).`,
      { file },
      "Export the FEC of the whole fiscal year, with the customer (411) accounts.",
    );
  }
  for (const customer of customers.values()) if (customer.name === "") customer.name = customer.customer_id;

  // Documents: kind from the sign of the sum, ids unique per customer.
  const usedIds = new Map<string, Set<string>>();
  const liveDocs: DocAcc[] = [];
  for (const doc of docs.values()) {
    const sum = doc.lines.reduce((s, l) => s + l.amount, 0);
    const first = doc.lines[0] as Line;
    if (sum === 0) {
      warn("other", `piece ${doc.id} of customer ${doc.customerId}: its lines sum to 0, no document made`, first.line);
      continue;
    }
    doc.kind = sum > 0 ? "invoice" : "credit_note";
    let ids = usedIds.get(doc.customerId);
    if (!ids) usedIds.set(doc.customerId, (ids = new Set()));
    if (ids.has(doc.invoiceId)) {
      let candidate = `${doc.id}/${first.ecritureNum || `L${first.line}`}`;
      for (let n = 2; ids.has(candidate); n++) candidate = `${doc.id}#${n}`;
      warn(
        "other",
        `piece ${doc.id} of customer ${doc.customerId} appears in two kinds of journal; this ${doc.source} document is named ${candidate}`,
        first.line,
        header("PieceRef"),
      );
      doc.invoiceId = candidate;
    }
    ids.add(doc.invoiceId);
    liveDocs.push(doc);
  }

  // Lettering groups.
  const groups = new Map<string, Line[]>();
  for (const line of lines) {
    if (line.letter === "") continue;
    const key = `${line.compteNum}\u0000${line.auxNum}\u0000${line.letter}`;
    const group = groups.get(key);
    if (group) group.push(line);
    else groups.set(key, [line]);
  }
  const groupInvoice = new Map<Line, string | null>();
  for (const group of groups.values()) {
    const sum = group.reduce((s, l) => s + l.eur, 0);
    const settledOn = settlementDay(group);
    const docLines = group.filter((l) => l.doc !== null && l.doc.kind !== null);
    if (sum === 0) {
      for (const l of docLines) settle(l, settledOn);
    } else {
      const first = group[0] as Line;
      warn(
        "fec-unbalanced",
        `lettering ${first.letter} of account ${first.compteNum}${first.auxNum ? `/${first.auxNum}` : ""} does not balance ` +
          `(${formatCents(sum)} EUR left): ${sum > 0 ? "payments allocated oldest invoice first" : "the excess stays on its credit notes"}`,
        first.line,
        header("EcritureLet"),
      );
      const debits = docLines.filter((l) => l.eur > 0).sort((a, b) => a.issue - b.issue || a.line - b.line);
      const credits = docLines.filter((l) => l.eur < 0).sort((a, b) => b.issue - a.issue || b.line - a.line);
      if (sum > 0) {
        for (const l of credits) settle(l, settledOn);
        let pool = Math.max(0, debits.reduce((s, l) => s + l.eur, 0) - sum);
        for (const l of debits) {
          const take = Math.min(pool, l.eur);
          pool -= take;
          if (take === l.eur) settle(l, settledOn);
          else l.openEur = l.eur - take;
        }
      } else {
        for (const l of debits) settle(l, settledOn);
        let excess = -sum;
        for (const l of credits) {
          const keep = Math.min(excess, -l.eur);
          excess -= keep;
          if (keep === 0) settle(l, settledOn);
          else l.openEur = -keep;
        }
      }
    }
    // a payment lettered against several invoices is tied to the oldest, as the allocation above is
    const invoiceLines = docLines.filter((l) => l.doc?.kind === "invoice").sort((a, b) => a.issue - b.issue || a.line - b.line);
    const oldest = invoiceLines.length > 0 ? (invoiceLines[0]!.doc as DocAcc).invoiceId : null;
    for (const l of group) if (l.journal === "bank") groupInvoice.set(l, oldest);
  }

  // Documents out.
  const documents: LedgerDocument[] = [];
  let estimatedDue = 0;
  for (const doc of liveDocs) {
    const first = doc.lines[0] as Line;
    const amount = doc.lines.reduce((s, l) => s + l.amount, 0);
    const amountEur = doc.lines.reduce((s, l) => s + l.eur, 0);
    const openEur = doc.lines.reduce((s, l) => s + l.openEur, 0);
    const allSettled = doc.lines.every((l) => l.settled !== null && l.openEur === 0);
    let open: Cents;
    if (allSettled || openEur === 0) open = 0;
    else if (doc.currency === "EUR" || openEur === amountEur) open = doc.currency === "EUR" ? openEur : amount;
    else open = Math.round((amount * openEur) / amountEur);
    const issue = minOf(doc.lines, (l) => l.issue);
    const terms = options.termsDays?.(doc.customerId) ?? DEFAULT_TERMS_DAYS;
    estimatedDue++;
    documents.push({
      customer_id: doc.customerId,
      invoice_id: doc.invoiceId,
      kind: doc.kind as DocumentKind,
      issue_date: issue,
      due_date: issue + terms,
      due_date_estimated: true,
      amount,
      open_amount: open,
      paid_date: open === 0 && allSettled ? maxDay(doc.lines.map((l) => l.settled)) : null,
      disputed: false,
      currency: doc.currency,
      reference: null,
      source: { file, line: first.line },
    });
    if (doc.source === "opening") {
      warn(
        "estimated-from-fec",
        `opening balance of customer ${doc.customerId} (${formatCents(amount)} ${doc.currency}) taken as one ${doc.kind === "invoice" ? "invoice" : "credit note"} ${doc.invoiceId}: the prior-year invoices behind it are in the previous FEC`,
        first.line,
      );
    } else if (doc.source === "other") {
      warn(
        "other",
        `line of customer ${doc.customerId} in a non-sales, non-bank journal taken as ${doc.kind === "invoice" ? "an invoice-like" : "a credit-note-like"} adjustment ${doc.invoiceId}`,
        first.line,
        header("JournalCode"),
      );
    }
  }
  if (estimatedDue > 0) {
    warn(
      "due-date-derived",
      `a FEC has no due dates: the ${estimatedDue} due dates are the issue date plus the customer's payment terms (${DEFAULT_TERMS_DAYS} days when unknown)`,
    );
  }

  const payments: Payment[] = lines
    .filter((l) => l.journal === "bank")
    .map((l) => ({
      customer_id: l.customerId,
      invoice_id: groupInvoice.get(l) ?? null,
      date: l.dateRglt ?? l.ecritureDate,
      amount: -l.amount,
      currency: l.currency,
      source: { file, line: l.line },
    }));

  for (const code of foreignWithoutAmount) {
    warn("other", `lines in ${code} have no Montantdevise: their amounts are kept in EUR`, null, header("Idevise"));
  }
  if (totalDebit !== totalCredit) {
    warn(
      "fec-unbalanced",
      `total Debit ${formatCents(totalDebit)} ≠ total Credit ${formatCents(totalCredit)} (difference ${formatCents(totalDebit - totalCredit)})` +
        (unreadableForBalance > 0 ? `; ${unreadableForBalance} unreadable lines are left out of these totals` : "") +
        ": the export may be incomplete",
    );
  }

  const used = lines.length;
  return {
    customers: [...customers.values()],
    documents,
    payments,
    rejected,
    warnings,
    rowsRead,
    rowsUsed: used,
    rowsSkipped,
  };

  function settle(line: Line, day: Day): void {
    line.openEur = 0;
    line.settled = day;
  }
}

/** The day a lettering group was settled (see the module comment for the order). */
function settlementDay(group: readonly Line[]): Day {
  const rglt = maxDay(group.map((l) => l.dateRglt));
  if (rglt !== null) return rglt;
  const bankCredit = maxDay(group.filter((l) => l.journal === "bank" && l.eur < 0).map((l) => l.ecritureDate));
  if (bankCredit !== null) return bankCredit;
  const credit = maxDay(group.filter((l) => l.eur < 0).map((l) => l.ecritureDate));
  if (credit !== null) return credit;
  const dateLet = maxDay(group.map((l) => l.dateLet));
  if (dateLet !== null) return dateLet;
  return maxDay(group.map((l) => l.ecritureDate)) as Day;
}

function newCustomer(customerId: string, name: string): Customer {
  return {
    customer_id: customerId,
    name,
    language: null,
    email: null,
    phone: null,
    country: null,
    sector: null,
    owner: null,
    credit_limit: null,
    credit_score: null,
    payment_terms_days: null,
    created_date: null,
    invoicing: null,
    extra: {},
    source: null,
  };
}
