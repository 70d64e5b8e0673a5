/**
 * Atomic, reproducible writes (issue 8, items 4 and 5): an output is written to a temporary
 * file beside the target and renamed over it, so a run killed or failing mid-write leaves
 * the previous output whole; the run never writes into its inputs; the same inputs give
 * byte-identical CSV, JSON and workbooks (every zip entry dated by the as-of day).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasStackTrace, ROOT } from "../helpers/run-cli.js";
import { INVOICE_HEADER, runInProcess, unzip } from "../bad-inputs/generate.js";
import { listZipEntries } from "../../src/ingest/zip-guard.js";

const AS_OF = ["--as-of", "2026-10-31"];
const STARTER = ["--matrix", "src/segmentation/starter/segments.yaml"];
const FR = ["--customers", "fixtures/fr-sage/clients.csv", "--invoices", "fixtures/fr-sage/factures.csv", ...AS_OF, ...STARTER];
const EN = ["--customers", "fixtures/en-iso/customers.csv", "--invoices", "fixtures/en-iso/invoices.csv", "--payments", "fixtures/en-iso/payments.csv", ...AS_OF, ...STARTER];

const dir = mkdtempSync(join(tmpdir(), "relance-atomic-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Temporary files the writer leaves beside `name` (`.name.<pid>.tmp`). */
const temps = (folder: string, name: string) => readdirSync(folder).filter((f) => f.startsWith(`.${name}.`) && f.endsWith(".tmp"));

describe("a run killed or failing mid-write leaves the previous output whole", () => {
  // 25,000 customers: a metrics JSON of ~15 MB, long enough to write that the kill lands during it
  const big = join(dir, "big.csv");
  beforeAll(() => {
    const lines = [INVOICE_HEADER.join(",")];
    for (let i = 0; i < 25_000; i++) lines.push(`C${i},F${i},2026-01-02,2026-02-01,${(i % 997) + 1}.25`);
    writeFileSync(big, lines.join("\n") + "\n");
  });

  it("SIGKILL as soon as the temporary file appears: the previous output is intact, never half a file", async () => {
    const folder = mkdtempSync(join(dir, "kill-"));
    const out = join(folder, "metrics.json");
    const previous = JSON.stringify([{ customer_id: "previous run" }]);
    let caught = 0;
    for (let attempt = 0; attempt < 3 && caught === 0; attempt++) {
      writeFileSync(out, previous);
      const child = spawn(process.execPath, [join(ROOT, "bin/relance.js"), "metrics", "--invoices", big, ...AS_OF, "--out", out, "--quiet"], { cwd: ROOT, stdio: "ignore" });
      let tempSeen = false;
      const watcher = watch(folder, (_event, name) => {
        if (!tempSeen && name?.startsWith(".metrics.json.") && name.endsWith(".tmp")) {
          tempSeen = true;
          child.kill("SIGKILL");
        }
      });
      const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, s) => resolve(s)));
      watcher.close();
      const now = readFileSync(out, "utf8");
      if (signal === "SIGKILL" && temps(folder, "metrics.json").length > 0) {
        // killed while the temporary file was being written: the target is the previous output
        caught++;
        expect(now).toBe(previous);
        const [temp] = temps(folder, "metrics.json");
        expect(() => JSON.parse(readFileSync(join(folder, temp!), "utf8"))).toThrow(); // what was cut is only in the temporary file
        rmSync(join(folder, temp!));
      } else {
        // the run got to the rename first: then the target is the whole new output
        expect(now === previous || (JSON.parse(now) as unknown[]).length === 25_000).toBe(true);
      }
    }
    expect(caught, "the kill never landed during the write in 3 attempts").toBe(1);
  }, 60_000);

  it("a write that fails midway (file-size limit) fails with exit 2, the previous output intact, nothing left", () => {
    // ulimit -f: the kernel refuses writes past 4 blocks (Node turns SIGXFSZ into EFBIG), for the workbook and the CSV writer
    for (const name of ["relance.xlsx", "actions.csv"]) {
      const folder = mkdtempSync(join(dir, "efbig-"));
      const out = join(folder, name);
      writeFileSync(out, "previous output");
      const shell = spawnSync("sh", ["-c", `ulimit -f 4 && exec "$0" "$@"`, process.execPath, join(ROOT, "bin/relance.js"), "run", ...FR, "--out", out, "--quiet"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      expect(shell.status, shell.stderr).toBe(2);
      expect(shell.stderr).toMatch(new RegExp(`^error: cannot write .*${name.replace(".", "\\.")}: .+\\.$`, "m"));
      if (name.endsWith(".csv")) expect(shell.stderr).toContain("the file would be larger than this system allows.");
      expect(hasStackTrace(shell.stderr)).toBe(false);
      expect(readFileSync(out, "utf8")).toBe("previous output");
      expect(readdirSync(folder)).toEqual([name]);
    }
  }, 30_000);

  it("a leftover temporary file of a killed run does not stop or spoil the next run", async () => {
    const folder = mkdtempSync(join(dir, "leftover-"));
    const out = join(folder, "actions.csv");
    writeFileSync(join(folder, `.actions.csv.${process.pid}.tmp`), "half a file from a killed run with this process id");
    const r = await runInProcess(["run", ...FR, "--format", "csv", "--out", out, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^action_id,customer_id,/);
    expect(readdirSync(folder)).toEqual(["actions.csv"]);
  });
});

describe("the run never writes into its inputs", () => {
  it("inputs keep their bytes and times; the output folder holds only the output", async () => {
    const folder = mkdtempSync(join(dir, "inputs-"));
    const files = ["clients.csv", "factures.csv"].map((f) => {
      writeFileSync(join(folder, f), readFileSync(join(ROOT, "fixtures/fr-sage", f)));
      return join(folder, f);
    });
    const before = files.map((f) => ({ bytes: readFileSync(f), mtime: statSync(f).mtimeMs }));
    const r = await runInProcess(["run", "--customers", files[0]!, "--invoices", files[1]!, ...AS_OF, ...STARTER, "--out", join(folder, "relance.xlsx"), "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    files.forEach((f, i) => {
      expect(readFileSync(f).equals(before[i]!.bytes)).toBe(true);
      expect(statSync(f).mtimeMs).toBe(before[i]!.mtime);
    });
    expect(readdirSync(folder).sort()).toEqual(["clients.csv", "factures.csv", "relance.xlsx"]);
  });
});

describe("two runs on the same inputs give the same output", () => {
  it("byte-identical CSV and JSON action lists, in files and on stdout", async () => {
    const outputs: Buffer[][] = [];
    for (const n of [1, 2]) {
      const folder = mkdtempSync(join(dir, `same-${n}-`));
      const csv = await runInProcess(["run", ...EN, "--format", "csv", "--out", join(folder, "actions.csv"), "--quiet"]);
      const json = await runInProcess(["run", ...EN, "--format", "json", "--out", join(folder, "actions.json"), "--quiet"]);
      const stdout = await runInProcess(["run", ...EN, "--format", "json", "--quiet"]);
      expect([csv.code, json.code, stdout.code]).toEqual([0, 0, 0]);
      outputs.push([readFileSync(join(folder, "actions.csv")), readFileSync(join(folder, "actions.json")), Buffer.from(stdout.stdout)]);
    }
    const [first, second] = outputs as [Buffer[], Buffer[]];
    expect(first[0]!.toString().split("\n").length).toBeGreaterThan(10);
    expect((JSON.parse(first[1]!.toString()) as unknown[]).length).toBeGreaterThan(10);
    first.forEach((b, i) => expect(b.equals(second[i]!), ["csv", "json", "stdout"][i]).toBe(true));
    expect(first[2]!.equals(first[1]!)).toBe(true); // stdout and --out write the same bytes
  });

  it("byte-identical metrics CSV and JSON", async () => {
    const runs = await Promise.all([1, 2].flatMap(() => ["csv", "json"].map((format) => runInProcess(["metrics", ...EN, "--format", format]))));
    const [csv1, json1, csv2, json2] = runs as [typeof runs[0], typeof runs[0], typeof runs[0], typeof runs[0]];
    expect(csv1.stdout.length).toBeGreaterThan(1000);
    expect(csv1.stdout).toBe(csv2.stdout);
    expect(json1.stdout).toBe(json2.stdout);
  });

  it("byte-identical workbooks, every part and zip entry dated by the as-of day", async () => {
    const files = [join(dir, "w1.xlsx"), join(dir, "w2.xlsx")];
    for (const f of files) {
      const r = await runInProcess(["run", ...FR, "--out", f, "--quiet"]);
      expect(r.code, r.stderr).toBe(0);
      await new Promise((done) => setTimeout(done, 2100)); // past the DOS clock's 2-second step
    }
    const [a, b] = files.map((f) => unzip(readFileSync(f))) as [Map<string, Buffer>, Map<string, Buffer>];
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [name, data] of a) expect(data.equals(b.get(name)!), name).toBe(true);
    const core = a.get("docProps/core.xml")!.toString();
    expect(core).toContain("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-10-31T00:00:00Z</dcterms:created>");
    expect(core).toContain("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2026-10-31T00:00:00Z</dcterms:modified>");
    const z = readFileSync(files[0]!);
    for (const e of listZipEntries(z)) {
      // DOS time (0) and date ((2026 − 1980) << 9 | 10 << 5 | 31) of every entry: 2026-10-31 00:00
      expect([z.readUInt16LE(e.centralOffset + 12), z.readUInt16LE(e.centralOffset + 14)], e.name).toEqual([0, (46 << 9) | (10 << 5) | 31]);
    }
    expect(readFileSync(files[0]!).equals(readFileSync(files[1]!))).toBe(true);
  }, 30_000);
});
