/**
 * `relance demo`: `relance run` on the bundled example exports of a French SME
 * (fixtures/fr-sage) with the starter matrix, into ./relance-demo.xlsx, no arguments needed.
 */
import { isAbsolute, join, relative } from "node:path";
import type { Io } from "../io.js";
import { packageFile } from "../../package-files.js";
import { STARTER_MATRIX } from "../../segmentation/starter-files.js";
import { run } from "./run.js";

/** The day the fixtures were exported. */
export const DEMO_AS_OF = "2026-10-31";
export const DEMO_OUTPUT = "relance-demo.xlsx";

export function fixturesDir(): string {
  return packageFile("fixtures");
}

export async function demo(opts: { asOf?: string; out?: string }, io: Io): Promise<void> {
  const dir = fixturesDir();
  // paths as the user would type them: relative below the working directory, else absolute
  const rel = (p: string): string => {
    const r = relative(process.cwd(), p);
    return r === "" || r.startsWith("..") || isAbsolute(r) ? p : r;
  };
  io.out(`relance demo: the example exports of a French SME (fixtures/fr-sage), as of ${opts.asOf ?? DEMO_AS_OF}, with the starter matrix\n\n`);
  await run(
    {
      customers: rel(join(dir, "fr-sage", "clients.csv")),
      invoices: rel(join(dir, "fr-sage", "factures.csv")),
      matrix: rel(STARTER_MATRIX),
      asOf: opts.asOf ?? DEMO_AS_OF,
      out: opts.out ?? DEMO_OUTPUT,
      format: "xlsx",
    },
    io,
    "stdout",
  );
  io.out(`Open ${opts.out ?? DEMO_OUTPUT} in Excel or LibreOffice. Next: relance init, then relance run --customers … --invoices … on your own exports.\n`);
}
