/**
 * The CSV walk split on a worker thread (src/ingest/csv-walk/) delivers exactly the rows
 * of the walk on one thread: the same calls in the same order, the same cells and lines,
 * the same errors, and known values equal to the ones the reading thread would work out.
 *
 * The worker is a file of the build (dist/), which `npm test` makes first: the built
 * modules are imported here, next to the sources' one-thread walk.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateLedger, type GeneratedFiles } from "../../src/bench/generate-ledger.js";
import { loadMeasured } from "../../src/ingest/load-ledger.js";
import { openCsv } from "../../src/ingest/read-csv.js";
import { knownValues } from "../../src/ingest/rows/span-reader.js";
import { spanCells, type ColumnHint, type RawTable, type RowSpans } from "../../src/ingest/table.js";
import { parseIsoDay, type Day } from "../../src/ledger/day.js";

const built = {
  csv: (await import(new URL("../../dist/ingest/read-csv.js", import.meta.url).href)) as typeof import("../../src/ingest/read-csv.js"),
  load: (await import(new URL("../../dist/ingest/load-ledger.js", import.meta.url).href)) as typeof import("../../src/ingest/load-ledger.js"),
  threads: (await import(new URL("../../dist/ingest/csv-walk/reading-threads.js", import.meta.url).href)) as typeof import("../../src/ingest/csv-walk/reading-threads.js"),
};

/**
 * A date, an amount and a distinct-text hint on every one of the first columns (most cells
 * are neither date nor amount: NaN, which must match too; the distinct texts are numbered
 * up to a limit of 5, past which they are NaN).
 */
function hintsFor(width: number): ColumnHint[] {
  return Array.from({ length: width }, (_, index) => [
    { index, hint: { kind: "date" as const, order: "dmy" as const } },
    { index, hint: { kind: "amount" as const, mark: ",".charCodeAt(0) } },
    { index, hint: { kind: "distinct" as const, limit: 5 } },
  ]).flat();
}

type Call = { how: "cells" | "spans"; line: number; cells: unknown[]; known?: number[] };

/** Every call a walk makes, and the error it ends with; known values as the worker gave them, or as worked out here. */
async function calls(table: RawTable, hints: ColumnHint[], fromWorker: boolean): Promise<{ calls: Call[]; error: unknown }> {
  const out: Call[] = [];
  const values = hints.map((h) => knownValues(h.hint));
  const onSpans = (row: RowSpans) => {
    const { cells, line } = spanCells(row);
    const known = hints.map((h, k) => {
      if (fromWorker) return row.known![row.knownAt + k]!;
      const b = row.at + 2 * h.index;
      return h.index < row.count ? values[k]!(row.text, row.bounds[b]!, row.bounds[b + 1]!) : NaN;
    });
    out.push({ how: "spans", line, cells, known });
  };
  try {
    await table.forEachRow((row) => out.push({ how: "cells", line: row.line, cells: row.cells }), onSpans, hints);
    return { calls: out, error: null };
  } catch (e) {
    const { name, message, location, hint } = e as { name: string; message: string; location: unknown; hint: unknown };
    return { calls: out, error: { name, message, location, hint } };
  }
}

const CSV_FILES = [
  ...["fixtures/en-iso", "fixtures/fr-sage", "fixtures/de-datev", "fixtures/uk-quickbooks"].flatMap((d) => readdirSync(d).filter((f) => f.endsWith(".csv")).map((f) => `${d}/${f}`)),
  ...readdirSync("test/bad-inputs").filter((f) => f.endsWith(".csv")).map((f) => `test/bad-inputs/${f}`),
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "relance-worker-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the CSV walk on a worker thread", () => {
  it("is what the sources' walk does, on every fixture and bad input, in large and tiny pieces", async () => {
    let compared = 0;
    for (const file of CSV_FILES) {
      for (const chunkBytes of file.startsWith("fixtures/") ? [undefined, 97] : [97]) {
        let here: RawTable;
        try {
          here = await openCsv(file, { chunkBytes });
        } catch {
          await expect(built.csv.openCsv(file, { chunkBytes, workerBytes: 0 })).rejects.toThrow();
          continue; // refused before any walk (empty file, blank lines): no worker involved
        }
        const there = await built.csv.openCsv(file, { chunkBytes, workerBytes: 0 });
        const hints = hintsFor(here.head[0]?.cells.length ?? 1);
        const expected = await calls(here, hints, false);
        const got = await calls(there, hints, true);
        expect(got.error, `${file} (${chunkBytes ?? "default"} bytes a piece)`).toEqual(expected.error);
        expect(got.calls, `${file} (${chunkBytes ?? "default"} bytes a piece)`).toEqual(expected.calls);
        compared += expected.calls.length;
      }
    }
    expect(compared).toBeGreaterThan(500);
  }, 60_000);

  it("ends with the walk's own data error, at its line, past the rows before it", async () => {
    const file = join(dir, "unclosed-late.csv");
    const lines = ["Customer ID,InvoiceNumber,Amount", ...Array.from({ length: 400 }, (_, i) => `C${i},N${i},${i}.50`), `C9,"N9,1.00`, "C10,N10,2.00"];
    writeFileSync(file, lines.join("\n") + "\n");
    const there = await built.csv.openCsv(file, { workerBytes: 0, chunkBytes: 512 });
    const { error, calls: seen } = await calls(there, [], true);
    expect(error).toMatchObject({ name: "DataError", location: { file, line: 402 } });
    expect((error as { message: string }).message).toMatch(/^.*:402: a quoted field .* never closed/);
    expect(seen.length).toBe(401);
    const here = await calls(await openCsv(file, { chunkBytes: 512 }), [], false);
    expect(seen).toEqual(here.calls);
    expect(error).toEqual(here.error);
  });

  it("keeps nothing of the reader once the walk is over, even while its thread is still ending", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const there = await built.csv.openCsv("fixtures/en-iso/invoices.csv", { workerBytes: 0, chunkBytes: 64 });
    let ledger: WeakRef<object>;
    await (async () => {
      const state = { rows: 0, held: new Array(1000).fill("x") }; // what a reader's callbacks reach: the ledger being read
      ledger = new WeakRef(state);
      await there.forEachRow(() => state.rows++, () => state.rows++, []);
      expect(state.rows).toBeGreaterThan(10);
    })();
    gc();
    expect(ledger!.deref()).toBeUndefined();
  });

  it("stops the worker and rejects when the reading side throws", async () => {
    const there = await built.csv.openCsv("fixtures/en-iso/invoices.csv", { workerBytes: 0, chunkBytes: 64 });
    let rows = 0;
    const failing = () => {
      if (++rows === 5) throw new Error("reader gave up");
    };
    await expect(there.forEachRow(failing, failing, [])).rejects.toThrow("reader gave up");
    expect(rows).toBe(5);
  });
});

describe("workers started ahead of their walks", () => {
  it("walk as any other, and one no walk takes lets the process end", async () => {
    // a process of its own: a worker wrongly kept alive would keep it from ending, one wrongly let go would end it mid-walk
    const script = `
      const { expectWalks } = await import(${JSON.stringify(new URL("../../dist/ingest/csv-walk/reading-threads.js", import.meta.url).href)});
      const { openCsv } = await import(${JSON.stringify(new URL("../../dist/ingest/read-csv.js", import.meta.url).href)});
      expectWalks(2); // one walk comes: the second worker started is never taken
      await new Promise((resolve) => setTimeout(resolve, 300)); // the first one is up meanwhile
      const table = await openCsv("fixtures/en-iso/invoices.csv", { workerBytes: 0, chunkBytes: 256 });
      let rows = 0;
      await table.forEachRow(() => rows++, () => rows++, []);
      console.log(rows);`;
    const path = join(dir, "ahead.mjs");
    writeFileSync(path, script);
    const started = Date.now();
    const child = spawnSync(process.execPath, [path], { encoding: "utf8", timeout: 20_000 });
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    const here = await openCsv("fixtures/en-iso/invoices.csv", { chunkBytes: 256 }); // the sources' walk, on this thread
    let rows = 0;
    await here.forEachRow(() => rows++, () => rows++, []);
    expect(Number(child.stdout.trim())).toBe(rows);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe("a worker that cannot start", () => {
  /** Runs `script` (ES module text) as `node …options -e script`, in this directory; its stdout, stderr and status. */
  function nodeEval(options: string[], script: string) {
    return spawnSync(process.execPath, [...options, "-e", script], { encoding: "utf8", timeout: 20_000 });
  }
  const walkScript = (before: string) => `
    const { openCsv } = await import(${JSON.stringify(new URL("../../dist/ingest/read-csv.js", import.meta.url).href)});
    ${before}
    const table = await openCsv("fixtures/en-iso/invoices.csv", { workerBytes: 0, chunkBytes: 256 });
    let rows = 0;
    await table.forEachRow(() => rows++, () => rows++, []);
    console.log(rows);`;
  let rowsHere = 0;
  beforeAll(async () => {
    const here = await openCsv("fixtures/en-iso/invoices.csv", { chunkBytes: 256 }); // the sources' walk, on this thread
    await here.forEachRow(() => rowsHere++, () => rowsHere++, []);
  });

  it("is not given the options a worker refuses: relance run by node --input-type=module -e (the bench's RSS wrapper), with a V8 flag too", async () => {
    const { workerExecArgv } = built.threads;
    expect(workerExecArgv(["--input-type=module", "-e", "code", "--max-old-space-size=300", "--cpu-prof"])).toEqual(["--max-old-space-size=300", "--cpu-prof"]);
    expect(workerExecArgv(["--input-type", "module", "--eval=code", "-p", "1", "--print", "2", "--evaluation"])).toEqual(["--evaluation"]);
    // the worker's messages say it ran: one that could not start would have left the walk to this thread
    for (const options of [["--input-type=module"], ["--expose-gc", "--input-type=module"]]) {
      const child = nodeEval(options, walkScript(`
        const { Worker } = await import("node:worker_threads");
        const emit = Worker.prototype.emit;
        let messages = 0;
        Worker.prototype.emit = function (name, ...args) { if (name === "message") messages++; return emit.call(this, name, ...args); };
        process.on("exit", () => console.error(messages > 0 ? "" : "no message from a worker"));`));
      expect(child.error).toBeUndefined();
      expect(child.stderr.trim()).toBe("");
      expect(child.status).toBe(0);
      expect(Number(child.stdout.trim())).toBe(rowsHere);
    }
  });

  it("leaves the walk to this thread, the same rows, when it fails before its first message", () => {
    // a module to load first that throws: kept by workerExecArgv, it stops every worker as it starts
    const failing = "data:text/javascript,throw new Error('no worker here')";
    const child = nodeEval(["--input-type=module"], walkScript(`process.execArgv.push("--import=${failing}");`));
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(Number(child.stdout.trim())).toBe(rowsHere);
  });
});

describe("a large export read through the worker", () => {
  let generated: GeneratedFiles;
  beforeAll(async () => {
    generated = (await generateLedger(dir, { customers: 3_000, documents: 100_000, asOf: "2025-06-30" })).files;
  }, 60_000);

  it("measures what the one-thread walk measures, with and without payments", async () => {
    expect(statSync(generated.invoices).size).toBeGreaterThan(built.threads.WORKER_MIN_BYTES);
    const D = parseIsoDay("2025-06-30") as Day;
    const options = { asOf: D, windowDays: 365, graceDays: 0 };
    for (const payments of [undefined, generated.payments]) {
      const files = { customers: generated.customers, invoices: generated.invoices, payments, asOf: D };
      const one = await loadMeasured(files, options);
      const two = await built.load.loadMeasured(files, options);
      expect(two.ledger).toEqual(one.ledger);
      expect(two.metrics).toEqual(one.metrics);
      expect(one.metrics.rows.length).toBeGreaterThan(2_900);
    }
  }, 60_000);

  it("reads the values the worker could not work out as the one-thread walk does: dates, amounts and words of other shapes, and bad ones", async () => {
    const [header, ...lines] = readFileSync(generated.invoices, "utf8").trim().split("\n");
    const at = Object.fromEntries(header!.split(",").map((h, i) => [h, i]));
    const odd: [number, string, string][] = [
      [997, "InvoiceDate", "2024-3-5"], // not ten characters: no known day
      [991, "DueDate", "2024-02-30"], // no such day: rejected
      [983, "Amount", "1234.5"], // one decimal
      [977, "AmountDue", "12.345"], // three decimals: rejected
      [971, "Type", "Credit Note"], // a word first seen far into the file
      [967, "Type", "Bogus"], // an unknown kind: rejected
      [953, "Disputed", "maybe"], // not a yes or a no: rejected
      [947, "Currency", "usd"],
      [941, "PaidDate", ""],
    ];
    const changed = lines.map((line, i) => {
      const cells = line.split(",");
      for (const [every, column, value] of odd) if (i % every === 5) cells[at[column]!] = value;
      return cells.join(",");
    });
    const file = join(dir, "odd-values.csv");
    writeFileSync(file, [header, ...changed].join("\n") + "\n");
    expect(statSync(file).size).toBeGreaterThan(built.threads.WORKER_MIN_BYTES);
    const D = parseIsoDay("2025-06-30") as Day;
    const options = { asOf: D, windowDays: 365, graceDays: 0 };
    const files = { customers: generated.customers, invoices: file, asOf: D };
    const one = await loadMeasured(files, options);
    const two = await built.load.loadMeasured(files, options);
    expect(one.ledger.rejected.length).toBeGreaterThan(300); // the bad values, each rejected
    expect(two.ledger).toEqual(one.ledger);
    expect(two.metrics).toEqual(one.metrics);
  }, 60_000);

  it("makes the UTF-8 check of an export on the worker that will walk it, while it waits: taken once and only for the file as checked", async () => {
    const text = readFileSync(generated.invoices, "latin1");
    const next = join(dir, "next-latin1.csv");
    const cut = text.indexOf("\n", Math.floor(text.length * 0.9)) + 1; // a Windows-1252 é far into the file
    writeFileSync(next, Buffer.concat([Buffer.from(text.slice(0, cut), "latin1"), Buffer.from("C000001,F\xe9-1,Invoice,2025-01-02,2025-02-01,1.00,0.00,,No,EUR\n", "latin1"), Buffer.from(text.slice(cut), "latin1")]));
    const line = text.slice(0, cut).split("\n").length; // the é's
    const walkFirst = async () => {
      built.threads.expectWalksOf([generated.invoices, next]);
      const first = await built.csv.openCsv(generated.invoices);
      await first.forEachRow(() => {}, () => {}, []);
    };
    const checkedAhead = async () => {
      for (let waited = 0; waited < 5000; waited += 20) {
        const found = built.threads.utf8CheckedAhead(next, 0);
        if (found !== undefined) return found; // taken here
        await new Promise((r) => setTimeout(r, 20));
      }
      return undefined;
    };
    await walkFirst();
    expect(await checkedAhead()).toBe(line);
    expect(built.threads.utf8CheckedAhead(next, 0)).toBeUndefined(); // taken once

    await walkFirst(); // made again, and this time opened: the reading takes it, and decides as it found
    await new Promise((r) => setTimeout(r, 500));
    const opened = await built.csv.openCsv(next);
    expect([opened.format.encoding, opened.format.encodingReason]).toEqual(["windows-1252", "not UTF-8, so Windows-1252 (Excel's ANSI CSV)"]);
    expect(built.threads.utf8CheckedAhead(next, 0)).toBeUndefined(); // taken by the opening (made by now, it would be there otherwise)

    await walkFirst();
    await new Promise((r) => setTimeout(r, 500)); // the check made by now
    writeFileSync(next, text); // the file changes after its check: all UTF-8 now
    expect((await built.csv.openCsv(next)).format.encoding).toBe("utf-8");
  }, 60_000);

  it("keeps a row the worker cannot split in its place", async () => {
    const file = join(dir, "quoted.csv");
    const lines = ["Customer ID,InvoiceNumber,Amount"];
    for (let i = 0; i < 3000; i++) lines.push(i % 700 === 3 ? `"C,${i}",N${i},"1,5"` : `C${i},N${i},${i}.50`);
    writeFileSync(file, lines.join("\r\n") + "\r\n");
    const here = await openCsv(file, { chunkBytes: 1000 });
    const there = await built.csv.openCsv(file, { chunkBytes: 1000, workerBytes: 0 });
    const hints = hintsFor(3);
    const expected = await calls(here, hints, false);
    expect(expected.calls.filter((c) => c.how === "cells").length).toBe(5 + 1); // and the empty row after the last line break
    expect((await calls(there, hints, true)).calls).toEqual(expected.calls);
  });
});
