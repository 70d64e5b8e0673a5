import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { csvPieces, toCsv, type CsvValue } from "../../../src/output/csv.js";
import { writeOutputFile } from "../../../src/output/write-output.js";

const header = ["customer_id", "name", "amount"];
const rows = (n: number): CsvValue[][] => Array.from({ length: n }, (_, i) => [`C${i}`, i % 3 === 0 ? `=HYPERLINK("x", ${i})` : `Dupont, ${i}`, { numeric: `${i}.50` }]);

describe("CSV out in pieces", () => {
  it("gives the text of toCsv, in pieces of about 64k characters each ending at a row's end", () => {
    const body = rows(20_000);
    const pieces = [...csvPieces(header, body)];
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join("")).toBe(toCsv(header, body));
    for (const piece of pieces.slice(0, -1)) {
      expect(piece.endsWith("\n")).toBe(true);
      expect(piece.length).toBeGreaterThanOrEqual(64 * 1024);
      expect(piece.length).toBeLessThan(65 * 1024);
    }
    expect(toCsv(header, rows(2))).toBe('customer_id,name,amount\nC0,"\'=HYPERLINK(""x"", 0)",0.50\nC1,"Dupont, 1",1.50\n');
  });

  it("is written to a file piece by piece, and a failure while the pieces are made leaves the earlier file whole", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "relance-csv-out-"));
    try {
      const file = path.join(dir, "metrics.csv");
      await writeOutputFile(file, csvPieces(header, rows(20_000)));
      expect(fs.readFileSync(file, "utf8")).toBe(toCsv(header, rows(20_000)));
      function* failing(): Generator<CsvValue[]> {
        yield* rows(10_000);
        throw new Error("disk gone"); // a fault while the rows are made: passed on as it is
      }
      await expect(writeOutputFile(file, csvPieces(header, failing()))).rejects.toThrow(/^disk gone$/);
      expect(fs.readFileSync(file, "utf8")).toBe(toCsv(header, rows(20_000)));
      expect(fs.readdirSync(dir)).toEqual(["metrics.csv"]); // no temporary file left
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
