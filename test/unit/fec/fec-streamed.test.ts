/**
 * A FEC is read as it comes (once more first, for its decimal mark, when its first rows do
 * not show it): its lines are not held until the end of the file. Every line held took
 * about 1.8 KB, so a FEC of 654k lines took 1.2 GB before (about 400 MB after).
 */
import { describe, expect, it } from "vitest";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { fecToLedger } from "../../../src/ingest/fec/fec-to-ledger.js";
import type { RawRow, RawTable } from "../../../src/ingest/table.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const HEADER = "JournalCode JournalLib EcritureNum EcritureDate CompteNum CompteLib CompAuxNum CompAuxLib PieceRef PieceDate EcritureLib Debit Credit EcritureLet DateLet ValidDate Montantdevise Idevise".split(" ");

/**
 * A FEC of one invoice and `lines` revenue lines, made as they are read (the table holds
 * none), with the heap measured once the last one has been delivered: what the reader holds
 * then.
 */
function generatedFec(lines: number, firstAmount: string): { table: RawTable; heldAtEnd: () => number } {
  let heldAtEnd = 0;
  const invoice = (line: number): RawRow => ({ line, cells: ["VE", "Ventes", "1", "20250110", "411000", "Clients", "C0001", "Alpha SARL", "F1", "20250110", "Facture F1", firstAmount, "0", "", "", "20250110", "", ""] });
  const revenue = (i: number): RawRow => ({ line: i + 3, cells: ["VE", "Ventes", `E${i}`, "20250110", "706000", "Prestations de services", "", "", `F${i}`, "20250110", `Facture numéro ${i} du mois`, "0", `${i % 1000},${i % 100}`, "", "", "20250110", "", ""] });
  const head = [{ line: 1, cells: HEADER }, invoice(2)];
  return {
    table: {
      file: "generated-fec.txt",
      format: { kind: "csv", delimiter: "\t" },
      head,
      forEachRow: async (onRow) => {
        for (const row of head) onRow(row);
        for (let i = 0; i < lines; i++) onRow(revenue(i));
        heldAtEnd = heapAfterGc();
      },
    },
    heldAtEnd: () => heldAtEnd,
  };
}

describe("a large FEC", () => {
  it("is read as it comes: 200k lines not held, whether its first rows show the decimal comma or not (then it is read twice)", async () => {
    for (const [firstAmount, amount] of [["120,00", 12000], ["120", 12000]] as const) {
      const generated = generatedFec(200_000, firstAmount);
      const before = heapAfterGc();
      const read = await fecToLedger(generated.table, 0);
      const growth = generated.heldAtEnd() - before;
      expect(read.documents).toHaveLength(1);
      expect(read.documents[0]).toMatchObject({ amount });
      expect(read.rowsSkipped).toBe(200_000);
      expect(growth).toBeLessThan(10e6); // held, the 200k lines of 18 cells took 80 MB
    }
  });
});
