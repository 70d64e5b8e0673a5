import { describe, expect, it } from "vitest";
import { Chalk } from "chalk";
import type { Io } from "../../../src/cli/io.js";
import { progressFor } from "../../../src/cli/progress.js";

function io(over: Partial<Io>): Io & { written: string[] } {
  const written: string[] = [];
  return { out: () => {}, err: (t) => void written.push(t), colour: new Chalk({ level: 0 }), quiet: false, verbose: false, outIsTty: false, written, ...over };
}

describe("progress on stderr", () => {
  it("rewrites one line with rows and elapsed time, at most every 100 ms, and erases it at the end", () => {
    const target = io({ errIsTty: true });
    let t = 1000;
    const p = progressFor(target, () => t);
    p.rows("/data/factures.csv", 10_000);
    t += 50;
    p.rows("/data/factures.csv", 20_000); // too soon: not shown
    t += 60;
    p.rows("/data/factures.csv", 1_250_000);
    t += 10;
    p.stage("writing relance-2026-10-31.xlsx"); // a stage is always shown
    p.done();
    expect(target.written).toEqual([
      "\r\u001b[2Krelance: reading factures.csv: 10,000 rows, 0.0 s",
      "\r\u001b[2Krelance: reading factures.csv: 1,250,000 rows, 0.1 s",
      "\r\u001b[2Krelance: writing relance-2026-10-31.xlsx, 0.1 s",
      "\r\u001b[2K",
    ]);
  });

  it("shows nothing in a pipe or a log, nor with --quiet", () => {
    for (const target of [io({ errIsTty: false }), io({}), io({ errIsTty: true, quiet: true })]) {
      const p = progressFor(target);
      p.rows("f.csv", 10_000);
      p.stage("writing");
      p.done();
      expect(target.written).toEqual([]);
    }
  });
});
