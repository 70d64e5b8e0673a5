/**
 * One export file → the records of its role (customers, documents, payments), its
 * rejected rows and warnings, and an account of how it was read (for `inspect`).
 * Steps: open the table → find the header → map the columns → decide date and number
 * formats → compile one parser per column → walk the rows.
 */
import type { Customer, InputRole, Rejected, SourceSummary, Warning } from "../ledger/types.js";
import { openTable } from "./open-table.js";
import type { ImportProfile } from "./mapping/mapping-file.js";
import type { RawTable, TableFormat } from "./table.js";
import { FIELDS, REQUIRED } from "./columns/fields.js";
import { cellText, matchHeader, type ColumnMatch } from "./columns/match-columns.js";
import { decideFormats } from "./rows/column-formats.js";
import { fieldReader, type FieldReader } from "./rows/record-reader.js";
import { shortRowReason, slotsOf, walkRows } from "./rows/read-rows.js";
import { documentConverter, type DocumentRow, type PaymentRow } from "./rows/to-documents.js";
import { customerConverter } from "./rows/to-customers.js";
import { paymentConverter } from "./rows/to-payments.js";
import { isFecHeader } from "./fec/detect-fec.js";
import { fecToLedger } from "./fec/fec-to-ledger.js";

export interface ReadOptions {
  role: InputRole;
  profile?: ImportProfile;
  sheet?: string;
  /** Currency of amounts that say none (matrix `currency`, default EUR). */
  defaultCurrency?: string;
  /** Payment terms of a customer, for FEC due dates. */
  termsDays?: (customerId: string) => number | null;
  /** rows read so far in this file (a progress display) */
  onRows?: (file: string, rows: number) => void;
  /**
   * Takes the documents and payments as they are read, instead of `ExportContent` holding
   * them (a large export is then never held whole). A FEC's customers come first.
   */
  sink?: RecordSink;
  /** Read every row as cells, none as spans (tests check that the two give the same). */
  cellsOnly?: boolean;
}

export interface RecordSink {
  /** told once, before any record, about how many rows the file holds (when its reader can tell) */
  expect?(rows: number): void;
  derivedCustomers(list: Customer[]): void;
  document(d: DocumentRow): void;
  payment(p: PaymentRow): void;
  /**
   * The sink reads each document and payment during the call and keeps none of it (nor its
   * `source`), copying what it keeps: the reader may then hand one record, rewritten for
   * each row. A record is about 240 bytes a document, 160 a payment: at 3M of each, 1.2 GB
   * of the 2.7 GB the run allocated, and a quarter of its time collecting garbage.
   */
  keepsNoRecord?: boolean;
}

export interface ColumnReport extends ColumnMatch {
  type: string;
  /** how dates/amounts in it are read */
  format?: string;
}

/** How a file was read, for `relance inspect` and the run summary. */
export interface Inspection {
  file: string;
  role: InputRole;
  format: TableFormat;
  fec: boolean;
  headerLine: number;
  columns: ColumnReport[];
  unmapped: string[];
  dateFormat: string;
}

export interface ExportContent {
  customers: Customer[];
  documents: DocumentRow[];
  payments: PaymentRow[];
  rejected: Rejected[];
  warnings: Warning[];
  summary: SourceSummary;
  inspection: Inspection;
}

export async function readExport(file: string, options: ReadOptions): Promise<ExportContent> {
  const table = await openTable(file, options.profile, options.sheet);
  return readTable(table, options);
}

export async function readTable(table: RawTable, options: ReadOptions): Promise<ExportContent> {
  const { role, profile } = options;
  const file = table.file;
  const content: ExportContent = {
    customers: [], documents: [], payments: [], rejected: [], warnings: [],
    summary: { file, role, rows_read: 0, rows_used: 0, rows_rejected: 0, rows_skipped: 0 },
    inspection: { file, role, format: table.format, fec: false, headerLine: 0, columns: [], unmapped: [], dateFormat: "" },
  };

  const fecHeader = role === "invoices" && !profile?.columns ? table.head.findIndex((r) => isFecHeader(r.cells.map(cellText))) : -1;
  if (fecHeader !== -1 && fecHeader < 40) return readFec(table, fecHeader, options, content);

  const match = matchHeader(table.head, {
    role, file,
    mappedColumns: profile?.columns,
    headerLine: profile?.headerLine,
    constants: new Set(Object.keys(profile?.constants ?? {})),
  });
  const specs = new Map(FIELDS[role].map((f) => [f.name, f]));
  const columns = [...match.columns.values()].sort((a, b) => a.index - b.index);
  const typed = columns.map((c) => ({ ...c, type: specs.get(c.field)!.type }));
  const formats = await decideFormats({
    table,
    dataStart: match.headIndex + 1,
    dateColumns: typed.filter((c) => c.type === "date").map((c) => c.index),
    amountColumns: typed.filter((c) => c.type === "amount" || c.type === "number").map((c) => c.index),
    dateFormat: profile?.dateFormat,
    decimal: profile?.decimal,
    decimalHint: table.format.delimiter === ";" ? { decimal: ",", why: "\";\"-separated files come from comma-decimal locales" } : { decimal: ".", why: "dot assumed" },
    date1904: table.format.date1904,
  });
  const ctx = { formats, values: profile?.values ?? {} };
  const readers: FieldReader[] = typed.map((c) => fieldReader(c, ctx));

  content.inspection = {
    ...content.inspection,
    headerLine: match.line,
    columns: typed.map((c) => ({
      ...c,
      format: c.type === "date" ? formats.dateReason : c.type === "amount" || c.type === "number" ? `decimal "${formats.decimal.get(c.index)}" (${formats.decimalReason.get(c.index)})` : undefined,
    })),
    unmapped: match.unmapped.map((u) => u.header),
    dateFormat: formats.date.order ? (formats.date.order === "dmy" ? "day/month/year" : "month/day/year") : "ISO or unambiguous",
  };

  const headerOf = (field: string) => match.columns.get(field)?.header ?? null;
  const reject = (r: Rejected) => content.rejected.push(r);
  const warn = (w: Warning) => content.warnings.push(w);
  const constants = profile?.constants ?? {};
  const defaultCurrency = options.defaultCurrency ?? "EUR";
  const document = options.sink ? options.sink.document : (d: DocumentRow) => void content.documents.push(d);
  const payment = options.sink ? options.sink.payment : (p: PaymentRow) => void content.payments.push(p);
  const slotOf = slotsOf(readers);
  const convert =
    role === "customers"
      ? customerConverter({ file, headerOf, extraColumns: match.unmapped, constants, customer: (c) => content.customers.push(c), reject, warn }, slotOf)
      : role === "invoices"
        ? documentConverter({ file, defaultCurrency, constants, headerOf, document, payment, reject, warn, oneRecord: options.sink?.keepsNoRecord === true }, slotOf)
        : paymentConverter({ file, defaultCurrency, constants, headerOf, payment, reject, oneRecord: options.sink?.keepsNoRecord === true }, slotOf);
  const idFields = REQUIRED[role].flat().filter((f) => f.endsWith("_id") || f === "customer_name");
  if (table.estimatedRows !== undefined) options.sink?.expect?.(table.estimatedRows);
  // the customers converter keeps the unmapped columns' cells: those rows are read as cells
  const spans = !options.cellsOnly && !(role === "customers" && match.unmapped.length > 0);
  const counts = await walkRows({
    table, headerLine: match.line, headers: match.headers, readers, reject, convert, spans,
    ...(options.onRows ? { onRows: (rows: number) => options.onRows!(file, rows) } : {}),
    idColumns: idFields.flatMap((f) => (match.columns.has(f) ? [match.columns.get(f)!.index] : [])),
  });
  if (counts.shortRejected.size > 0) {
    content.rejected = content.rejected.map((r) => {
      const fields = counts.shortRejected.get(r.line);
      return fields === undefined ? r : { ...r, reason: shortRowReason(r.reason, fields, match.headers.length) };
    });
  }
  content.summary = { file, role, rows_read: counts.read, rows_used: counts.used, rows_rejected: counts.rejected, rows_skipped: counts.skipped };
  return content;
}

async function readFec(table: RawTable, headerIndex: number, options: ReadOptions, content: ExportContent): Promise<ExportContent> {
  const result = await fecToLedger(table, headerIndex, { termsDays: options.termsDays, journalOverrides: options.profile?.journals });
  content.customers = result.customers;
  // the records are the FEC reader's own: named in place, not copied by a spread that adds a
  // key (V8 gives each such copy a hidden class of its own)
  content.documents = result.documents.map((d) => Object.assign(d, { customer_name: null }));
  content.payments = result.payments.map((p) => Object.assign(p, { customer_name: null }));
  if (options.sink) {
    // a FEC's documents are made once every line is read (its lettering ties lines across the file), then handed on
    options.sink.derivedCustomers(content.customers);
    for (const d of content.documents) options.sink.document(d);
    for (const p of content.payments) options.sink.payment(p);
    content.documents = [];
    content.payments = [];
  }
  content.rejected = result.rejected;
  content.warnings = result.warnings;
  content.summary = { file: table.file, role: "invoices", rows_read: result.rowsUsed + result.rejected.length, rows_used: result.rowsUsed, rows_rejected: result.rejected.length, rows_skipped: result.rowsSkipped };
  content.inspection = {
    ...content.inspection,
    fec: true,
    headerLine: table.head[headerIndex]!.line,
    columns: table.head[headerIndex]!.cells.map((c, index) => ({ field: "(FEC)", index, header: cellText(c), reason: "known header", type: "fec" })),
    dateFormat: "yyyymmdd (FEC)",
  };
  return content;
}
