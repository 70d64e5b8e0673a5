/**
 * The CLI's entry (bin/relance.js): the CSV reading threads the command line will need are
 * started first, then the rest of the code is loaded and run. A worker takes about 100 ms
 * to start; started once the code is loaded and the options parsed, the first large export
 * (100k customers) was waited for about 90 ms, a time it now spends starting while the
 * code loads, on the other core.
 */
import { expectWalksOf } from "../ingest/csv-walk/reading-threads.js";

export async function start(argv: string[]): Promise<number> {
  expectWalksOf(exportFiles(argv));
  const { main } = await import("./main.js");
  return main(argv);
}

/** The options naming an export, whichever command takes them, in the order a run reads them (load-ledger.ts loadMeasured). */
const EXPORT_OPTIONS = ["--customers", "--payments", "--invoices"];

/**
 * The exports a command line names (`--invoices f.csv` or `--invoices=f.csv`), before any
 * `--`, in the order a run reads them (whatever their order on the line: the first worker
 * checks the first export ahead of its walk, reading-threads.ts): a guess made before the
 * options are parsed, so a wrong one only starts a worker no walk takes (it ends with the
 * process).
 */
export function exportFiles(argv: readonly string[]): string[] {
  const named = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    const equals = arg.indexOf("=");
    if (equals !== -1 && EXPORT_OPTIONS.includes(arg.slice(0, equals))) named.set(arg.slice(0, equals), arg.slice(equals + 1));
    else if (EXPORT_OPTIONS.includes(arg) && i + 1 < argv.length) named.set(arg, argv[++i]!);
  }
  return EXPORT_OPTIONS.flatMap((option) => (named.has(option) ? [named.get(option)!] : []));
}
