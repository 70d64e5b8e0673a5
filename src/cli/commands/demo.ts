/**
 * `relance demo`: reads the bundled example exports (a French package's CSV) with no
 * arguments, so a newcomer sees the tool work. Until the monthly run and its workbook
 * exist, it prints what it read.
 */
import { fileURLToPath } from "node:url";
import { join, relative } from "node:path";
import { parseIsoDay } from "../../ledger/day.js";
import { loadLedger } from "../../ingest/load-ledger.js";
import type { Io } from "../io.js";
import { asOfOption } from "../options.js";
import { ledgerSummary } from "../ledger-summary.js";
import { reportProblems } from "../report-problems.js";

/** The day the fixtures were exported. */
export const DEMO_AS_OF = "2026-10-31";

export function fixturesDir(): string {
  return fileURLToPath(new URL("../../../fixtures/", import.meta.url));
}

export async function demo(opts: { asOf?: string }, io: Io): Promise<void> {
  const dir = fixturesDir();
  const rel = (p: string) => relative(process.cwd(), p) || p;
  const asOf = asOfOption(opts.asOf, parseIsoDay(DEMO_AS_OF)!);
  const { ledger } = await loadLedger({
    customers: rel(join(dir, "fr-sage", "clients.csv")),
    invoices: rel(join(dir, "fr-sage", "factures.csv")),
    asOf,
  });
  io.out(`relance demo: the example exports of a French SME (fixtures/fr-sage), as of ${opts.asOf ?? DEMO_AS_OF}\n\n`);
  io.out(ledgerSummary(ledger) + "\n");
  io.out(`\nNext: metrics, segments, action lists and the relance-demo.xlsx workbook come with \`relance run\`.\nTry \`relance inspect ${rel(join(dir, "fr-sage", "factures.csv"))}\` to see how an export is read.\n`);
  reportProblems(ledger, io);
}
