/** `relance inspect FILE`: how an export is read, so a new package is set up in minutes. */
import { basename } from "node:path";
import Table from "cli-table3";
import { formatCents } from "../../ledger/money.js";
import { formatDay } from "../../ledger/day.js";
import type { InputRole } from "../../ledger/types.js";
import { UsageError } from "../../errors.js";
import { openTable } from "../../ingest/open-table.js";
import { readTable, type ExportContent } from "../../ingest/read-export.js";
import { buildLedger } from "../../ledger/build-ledger.js";
import type { Io } from "../io.js";
import { asOfOption, mappingOption } from "../options.js";
import { rejectedLine, warningLine } from "../report-problems.js";

export interface InspectOptions {
  role?: InputRole;
  mapping?: string;
  sheet?: string;
  asOf?: string;
  format: "text" | "json";
}

const ROLE_WORDS: [InputRole, RegExp][] = [
  ["payments", /pay|paie|regl|règl|betal|zahl|receipt|encaiss/i],
  ["customers", /cust|client|debit|debiteur|kunde|klant|relati|tiers/i],
  ["invoices", /inv|fact|rechn|doc|open|aging|echeanc|échéanc|posten|fec/i],
];

export async function inspect(file: string, opts: InspectOptions, io: Io): Promise<void> {
  const mapping = await mappingOption(opts.mapping);
  const asOf = asOfOption(opts.asOf);
  const roles = opts.role ? [opts.role] : guessRoles(file);
  const table = await openTable(file, mapping?.[roles[0]!], opts.sheet);
  let content: ExportContent | null = null;
  let firstError: unknown = null;
  for (const role of roles) {
    try {
      content = await readTable(table, { role, profile: mapping?.[role] });
      break;
    } catch (error) {
      if (!(error instanceof UsageError) || opts.role) throw error;
      firstError ??= error;
    }
  }
  if (!content) throw firstError;
  const ledger = buildLedger({
    customers: content.inspection.role === "customers" ? content.customers : null,
    derivedCustomers: content.customers,
    documents: content.documents,
    payments: content.inspection.role === "payments" ? [] : content.payments,
    rejected: content.rejected,
    warnings: content.warnings,
    sources: [content.summary],
    asOf,
  });
  const samples = sampleRows(content);
  if (opts.format === "json") {
    io.out(JSON.stringify({ ...content.inspection, summary: ledger.sources[0], samples, rejected: ledger.rejected, warnings: ledger.warnings }, null, 2) + "\n");
    return;
  }
  const i = content.inspection;
  const s = ledger.sources[0]!;
  const lines: string[] = [];
  lines.push(`File        ${file}`);
  lines.push(`Read as     ${i.fec ? "FEC (Fichier des Écritures Comptables): customers, invoices, credit notes and payments from 411 lines" : `${i.role} export`}`);
  if (i.format.kind === "csv") {
    lines.push(`Encoding    ${i.format.encoding} (${i.format.encodingReason})`);
    lines.push(`Delimiter   ${i.format.delimiter === "\t" ? "tab" : `"${i.format.delimiter}"`} (${i.format.delimiterReason})`);
  } else {
    lines.push(`Sheet       "${i.format.sheet}"${i.format.date1904 ? " (1904 date system)" : ""}`);
  }
  lines.push(`Header      line ${i.headerLine}${i.headerLine > 1 ? ` (lines above it are titles)` : ""}`);
  lines.push(`Dates       ${i.dateFormat}`);
  io.out(lines.join("\n") + "\n\nColumns\n");
  const columns = new Table({ head: ["column", "header", "field", "why", "format"], style: { head: [], border: [], compact: true } });
  for (const c of i.columns) columns.push([String(c.index + 1), c.header, c.field, c.reason, c.format ?? ""]);
  for (const h of i.unmapped) columns.push(["", h, i.role === "customers" ? "(free attribute)" : "(not used)", "", ""]);
  io.out(columns.toString() + "\n\n");
  const skipped = i.fec ? "lines of other accounts (sales, VAT, bank) skipped" : "layout rows skipped (titles, sections, totals)";
  io.out(`Rows        ${s.rows_read} read, ${s.rows_used} used, ${s.rows_rejected} rejected; ${s.rows_skipped} ${skipped}\n`);
  if (samples.length > 0) {
    io.out(`\nFirst ${samples.length} parsed rows\n`);
    const keys = Object.keys(samples[0]!);
    const t = new Table({ head: keys, style: { head: [], border: [], compact: true } });
    for (const r of samples) t.push(keys.map((k) => String(r[k] ?? "")));
    io.out(t.toString() + "\n");
  }
  io.out(`\nProblems    ${ledger.rejected.length} rejected row${ledger.rejected.length === 1 ? "" : "s"}, ${ledger.warnings.length} warning${ledger.warnings.length === 1 ? "" : "s"}\n`);
  for (const r of ledger.rejected) io.out(`  rejected: ${rejectedLine(r)}\n`);
  for (const w of ledger.warnings) io.out(`  warning:  ${warningLine(w)}\n`);
}

function guessRoles(file: string): InputRole[] {
  const name = basename(file);
  const hinted = ROLE_WORDS.find(([, re]) => re.test(name))?.[0];
  const order: InputRole[] = ["invoices", "payments", "customers"];
  return hinted ? [hinted, ...order.filter((r) => r !== hinted)] : order;
}

function sampleRows(content: ExportContent): Record<string, string | number | boolean | null>[] {
  const day = (d: number | null) => (d === null ? null : formatDay(d));
  const money = (c: number | null) => (c === null ? null : formatCents(c));
  if (content.inspection.role === "customers") {
    return content.customers.slice(0, 5).map((c) => ({
      customer_id: c.customer_id, name: c.name, language: c.language, country: c.country, owner: c.owner,
      credit_limit: money(c.credit_limit), credit_score: c.credit_score, payment_terms_days: c.payment_terms_days, created_date: day(c.created_date),
    }));
  }
  if (content.documents.length > 0) {
    return content.documents.slice(0, 5).map((d) => ({
      customer_id: d.customer_id, invoice_id: d.invoice_id, kind: d.kind, issue_date: day(d.issue_date),
      due_date: d.due_date === null ? "(derived)" : day(d.due_date) + (d.due_date_estimated ? " (est.)" : ""),
      amount: money(d.amount), open_amount: money(d.open_amount), paid_date: day(d.paid_date), disputed: d.disputed, currency: d.currency,
    }));
  }
  return content.payments.slice(0, 5).map((p) => ({ customer_id: p.customer_id, invoice_id: p.invoice_id, date: day(p.date), amount: money(p.amount), currency: p.currency }));
}
