/** Prints rejected rows and warnings to stderr: counts always, details with --verbose. */
import type { LedgerHead, Rejected, Warning } from "../ledger/types.js";
import type { Io } from "./io.js";
import { groupBy } from "../util/group-by.js";

export function rejectedLine(r: Rejected): string {
  return `${r.file}:${r.line}${r.column ? ` (column "${r.column}")` : ""}: ${r.reason}${r.value !== "" ? ` [value: ${JSON.stringify(r.value)}]` : ""}`;
}

export function warningLine(w: Warning): string {
  return `${w.file ? `${w.file}${w.line ? `:${w.line}` : ""}: ` : ""}${w.message}`;
}

export function reportProblems(ledger: LedgerHead, io: Io, maxListed = 10): void {
  if (io.quiet) return;
  const c = io.colour;
  if (ledger.rejected.length > 0) {
    io.err(c.red(`${ledger.rejected.length} input row${ledger.rejected.length === 1 ? "" : "s"} rejected (not used):\n`));
    const shown = io.verbose ? ledger.rejected : ledger.rejected.slice(0, maxListed);
    for (const r of shown) io.err(`  ${rejectedLine(r)}\n`);
    if (shown.length < ledger.rejected.length) io.err(`  … and ${ledger.rejected.length - shown.length} more (--verbose lists all)\n`);
  }
  if (ledger.warnings.length > 0) {
    // one pass: an export without due dates gives one warning per row
    const byCode = groupBy(ledger.warnings, (w) => w.code);
    io.err(c.yellow(`${ledger.warnings.length} warning${ledger.warnings.length === 1 ? "" : "s"}:\n`));
    for (const [code, list] of byCode) {
      io.err(`  ${code}: ${list.length}${io.verbose ? "" : ` (e.g. ${warningLine(list[0]!)})`}\n`);
      if (io.verbose) for (const w of list) io.err(`    ${warningLine(w)}\n`);
    }
  }
}
