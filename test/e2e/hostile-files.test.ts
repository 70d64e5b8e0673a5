/**
 * Hostile files (issue 8, item 2): each is refused or neutralised with a clear message, in
 * bounded time and memory, and nothing in it is executed or fetched.
 *
 * The CLI runs as a child process (bin/relance.js) with a preload that reports its peak
 * RSS (test/bad-inputs/report-peak-rss.mjs), so "bounded" is measured, not assumed. For
 * scale: exceljs alone, given the 1 GiB zip bomb below, takes ~4 s and ~1.1 GB before it
 * fails, and ~10 s and ~3 GB for the one that declares its size honestly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasStackTrace, ROOT } from "../helpers/run-cli.js";
import { deflateBomb, INVOICE_HEADER, rezip, runInProcess, workbook, type ZipPart } from "../bad-inputs/generate.js";

const AS_OF = ["--as-of", "2026-10-31"];
const dir = mkdtempSync(join(tmpdir(), "relance-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string) => join(dir, name);

/** Time and memory allowed to refuse a hostile file (a small file is read in ~0.5 s and ~100 MB). */
const MAX_MS = 8000;
const MAX_RSS_MB = 300;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  rssMb: number;
}

/** Runs bin/relance.js, measuring wall time and peak RSS; killed after `timeout` ms. */
function relance(args: string[], timeout = 30_000): Promise<Outcome> {
  const rssFile = path(`rss-${Math.random().toString(36).slice(2)}`);
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, "bin/relance.js"), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", NODE_OPTIONS: `--import ${join(ROOT, "test/bad-inputs/report-peak-rss.mjs")}`, RELANCE_TEST_RSS_FILE: rssFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeout);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      const rssMb = existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8")) / 1024 : Infinity;
      resolve({ code, stdout, stderr, ms: performance.now() - started, rssMb });
    });
  });
}

/** The CLI in this process (main() with a captured Io): time measured, memory not. */
async function timed(args: string[]): Promise<Outcome> {
  const started = performance.now();
  const r = await runInProcess(args);
  return { ...r, ms: performance.now() - started, rssMb: 0 };
}

function expectRefused(o: Outcome, code: number, message: RegExp): void {
  expect(o.code, o.stderr).toBe(code);
  expect(o.stderr).toMatch(message);
  expect(hasStackTrace(o.stderr)).toBe(false);
  expect(o.stderr).not.toMatch(/internal error|Warning:/);
  expect(o.ms).toBeLessThan(MAX_MS);
  expect(o.rssMb).toBeLessThan(MAX_RSS_MB);
}

// ---------------------------------------------------------------------------------- .xlsx

describe("hostile workbooks", () => {
  let good: Buffer;
  beforeAll(async () => {
    good = await workbook([INVOICE_HEADER, ["C1", "F1", "2026-01-02", "2026-02-01", 10], ["C1", "F2", "2026-01-03", "2026-02-02", 12]]);
  });
  const withPart = (extra: ZipPart) => (parts: ZipPart[]) => [...parts, extra];
  const inspect = (file: string) => relance(["inspect", file, "--role", "invoices", "--format", "json", ...AS_OF]);

  it("the workbook the bombs are built on is read (the refusals below are about the bombs)", async () => {
    writeFileSync(path("rezipped.xlsx"), rezip(good, (p) => p));
    const o = await inspect(path("rezipped.xlsx"));
    expect(o.code, o.stderr).toBe(0);
    expect(JSON.parse(o.stdout).summary).toMatchObject({ rows_read: 2, rows_used: 2 });
    expect(o.rssMb).toBeLessThan(MAX_RSS_MB);
  });

  it("a zip bomb that declares its 1 GiB is refused from the directory, before inflating", async () => {
    writeFileSync(path("bomb-declared.xlsx"), rezip(good, withPart({ name: "xl/media/image1.png", deflated: deflateBomb(1024), declaredSize: 1024 ** 3 })));
    const o = await inspect(path("bomb-declared.xlsx"));
    expectRefused(o, 3, /bomb-declared\.xlsx: refused: it would unpack to 1,024 MB, more than the 256 MB a workbook may take \(a zip bomb/);
  }, 30_000);

  it("a zip bomb that lies about its size is stopped as soon as it inflates past what it declares", async () => {
    writeFileSync(path("bomb-lying.xlsx"), rezip(good, withPart({ name: "xl/media/image1.png", deflated: deflateBomb(1024), declaredSize: 1000 })));
    const o = await inspect(path("bomb-lying.xlsx"));
    expectRefused(o, 3, /bomb-lying\.xlsx: refused: the part xl\/media\/image1\.png unpacks to more than the 1,000 bytes it declares \(a zip bomb\?\)/);
  }, 30_000);

  it("the sheet itself as a lying bomb is refused the same way", async () => {
    writeFileSync(path("bomb-sheet.xlsx"), rezip(good, (parts) => parts.map((p) => (p.name === "xl/worksheets/sheet1.xml" ? { name: p.name, deflated: deflateBomb(512), declaredSize: p.data!.length } : p))));
    const o = await inspect(path("bomb-sheet.xlsx"));
    expectRefused(o, 3, /refused: the part xl\/worksheets\/sheet1\.xml unpacks to more than the \d[\d,]* bytes it declares/);
  }, 30_000);

  it("an archive of 20,000 parts is refused without reading them", async () => {
    const many = Array.from({ length: 20_000 }, (_, i): ZipPart => ({ name: `xl/media/p${i}.bin`, data: Buffer.from("x") }));
    writeFileSync(path("many-parts.xlsx"), rezip(good, (parts) => [...parts, ...many]));
    const o = await inspect(path("many-parts.xlsx"));
    expectRefused(o, 3, /many-parts\.xlsx: refused: the archive holds 20\d{3} parts, more than a workbook has \(at most 10000 are read\)/);
  }, 30_000);

  it("XML entities are never expanded: a billion-laughs DTD is refused, an external entity is not fetched", async () => {
    const laughs = (xml: string) => {
      let dtd = '<!DOCTYPE sst [<!ENTITY a0 "lollollollollol">';
      for (let i = 1; i < 10; i++) dtd += `<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`;
      return xml.replace("<sst", `${dtd}]><sst`).replace(">C1<", ">&a9;<");
    };
    const external = (xml: string) => xml.replace("<sst", '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><sst').replace(">C1<", ">&xxe;<");
    for (const [name, edit] of [["laughs.xlsx", laughs], ["xxe.xlsx", external]] as const) {
      writeFileSync(path(name), rezip(good, (parts) => parts.map((p) => (p.name === "xl/sharedStrings.xml" ? { name: p.name, data: Buffer.from(edit(p.data!.toString())) } : p))));
      const o = await inspect(path(name));
      expectRefused(o, 3, new RegExp(`${name.replace(".", "\\.")}: not a readable \\.xlsx workbook \\(.*undefined entity`));
      expect(o.stdout + o.stderr).not.toMatch(/root:|lollollol/);
    }
  }, 30_000);

  describe("formulas and external links: the cached value is read, nothing is evaluated or fetched", () => {
    let server: Server;
    let hits = 0;
    let port = 0;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        hits++;
        res.end("99");
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("reads 12.50 and 7.25 as cached, rejects the formula that has no cached value, and calls no one", async () => {
      const url = `http://127.0.0.1:${port}`;
      const book = await workbook([
        [...INVOICE_HEADER, "Note"],
        ["C1", "F1", "2026-01-02", "2026-02-01", { formula: `WEBSERVICE("${url}/amount")`, result: 12.5 }, { formula: `HYPERLINK("${url}/click","x")`, result: "x" }],
        ["C1", "F2", "2026-01-03", "2026-02-02", { formula: "[1]Sheet1!$A$1", result: 7.25 }, null],
        ["C1", "F3", "2026-01-04", "2026-02-03", { formula: "1+1" }, null],
        ["C1", "F4", "2026-01-05", "2026-02-04", 5, { formula: `"="&"cmd|' /C calc'!A0"`, result: "=cmd|' /C calc'!A0" }],
      ]);
      // an external workbook link, as Excel stores one: a part and a relationship to a remote file
      const linked = rezip(book, (parts) => [
        ...parts.map((p) =>
          p.name === "xl/workbook.xml"
            ? { name: p.name, data: Buffer.from(p.data!.toString().replace("</workbook>", '<externalReferences><externalReference r:id="rIdX"/></externalReferences></workbook>')) }
            : p.name === "xl/_rels/workbook.xml.rels"
              ? { name: p.name, data: Buffer.from(p.data!.toString().replace("</Relationships>", '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>')) }
              : p,
        ),
        { name: "xl/externalLinks/externalLink1.xml", data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>7.25</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>') },
        { name: "xl/externalLinks/_rels/externalLink1.xml.rels", data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="${url}/book.xlsx" TargetMode="External"/></Relationships>`) },
      ]);
      writeFileSync(path("formulas.xlsx"), linked);
      const o = await inspect(path("formulas.xlsx"));
      expect(o.code, o.stderr).toBe(0);
      const report = JSON.parse(o.stdout) as { samples: { invoice_id: string; amount: string }[]; rejected: { line: number; column: string; reason: string }[] };
      expect(report.samples.map((s) => [s.invoice_id, s.amount])).toEqual([["F1", "12.50"], ["F2", "7.25"], ["F4", "5.00"]]);
      expect(report.rejected).toEqual([expect.objectContaining({ line: 4, column: "Amount", reason: "missing amount" })]);
      expect(o.ms).toBeLessThan(MAX_MS);

      // the whole run, to CSV: the cached formula text is data, guarded against spreadsheets running it
      writeFileSync(path("formulas-customers.csv"), 'Customer ID,Name\nC1,"=cmd|\' /C calc\'!A0"\n');
      const run = await relance(["run", "--customers", path("formulas-customers.csv"), "--invoices", path("formulas.xlsx"), ...AS_OF, "--matrix", "src/segmentation/starter/segments.yaml", "--format", "csv", "--quiet"]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`,'=cmd|' /C calc'!A0,`);
      await new Promise((resolve) => setTimeout(resolve, 100)); // let any queued connection arrive
      expect(hits).toBe(0);
    }, 30_000);
  });
});

// ---------------------------------------------------------------------------------- YAML

describe("hostile YAML (matrix and mapping file)", () => {
  const FR = ["--customers", "fixtures/fr-sage/clients.csv", "--invoices", "fixtures/fr-sage/factures.csv", ...AS_OF];

  it("the alias-bomb matrix (fixtures/matrices) is refused by run, quickly and in little memory", async () => {
    const o = await relance(["run", ...FR, "--matrix", "fixtures/matrices/invalid-alias-bomb.yaml", "--out", path("never.xlsx")]);
    expectRefused(o, 2, /fixtures\/matrices\/invalid-alias-bomb\.yaml:1:1: cannot be read as plain data: Excessive alias count indicates a resource exhaustion attack/);
    expect(existsSync(path("never.xlsx"))).toBe(false);
  }, 30_000);

  it("an alias bomb in a mapping file (10^8 strings once expanded) is refused the same way", async () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(", ")}]`);
    lines.push("invoices: { constants: { currency: *a7 } }");
    writeFileSync(path("bomb-mapping.yaml"), lines.join("\n") + "\n");
    const o = await relance(["metrics", ...FR, "--mapping", path("bomb-mapping.yaml")]);
    expectRefused(o, 2, /bomb-mapping\.yaml:1:1: cannot be read as plain data: Excessive alias count/);
  }, 30_000);

  it("the __proto__ matrix (fixtures/matrices) is refused by run at the key's position", async () => {
    const o = await relance(["run", ...FR, "--matrix", "fixtures/matrices/invalid-proto-key.yaml", "--out", path("never.xlsx")]);
    expectRefused(o, 2, /invalid-proto-key\.yaml:16:3: "__proto__" is not allowed as a key/);
  }, 30_000);

  it("constructor, prototype and __proto__ keys in a mapping file are refused, each at its position", async () => {
    writeFileSync(path("proto-mapping.yaml"), 'invoices:\n  constructor: { prototype: 1 }\n  values:\n    "__proto__": { polluted: [x] }\n');
    const o = await timed(["inspect", "fixtures/en-iso/invoices.csv", "--mapping", path("proto-mapping.yaml")]);
    expectRefused(o, 2, /proto-mapping\.yaml: the mapping file has 3 problems:/);
    expect(o.stderr).toMatch(/proto-mapping\.yaml:2:3: "constructor" is not allowed as a key/);
    expect(o.stderr).toMatch(/proto-mapping\.yaml:2:18: "prototype" is not allowed as a key/);
    expect(o.stderr).toMatch(/proto-mapping\.yaml:4:5: "__proto__" is not allowed as a key/);
  }, 30_000);

  it("names of Object.prototype as values or unquoted keys are plain unknown words, never internals", async () => {
    const cases: [string, RegExp][] = [
      ["invoices:\n  values:\n    toString: { \"true\": [x] }\n", /values\.toString: values can be given for kind, disputed, sign, language, not "toString"/],
      ["invoices:\n  encoding: constructor\n", /:2:13: invoices\.encoding: unknown encoding "constructor"/],
      ["invoices:\n  columns: { hasOwnProperty: Amount }\n", /unknown field "hasOwnProperty" in columns/],
      ["invoices:\n  ? [a, b]\n  : 1\n", /:2:5: a key must be a plain name, not a list or a map/],
      ["invoices: !!js/function \"function () { process.exit(9) }\"\n", /invoices: Invalid input: expected object/],
      [`x: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`, /nested too deeply to be read/],
    ];
    for (const [i, [text, message]] of cases.entries()) {
      writeFileSync(path(`odd-${i}.yaml`), text);
      const o = await timed(["inspect", "fixtures/en-iso/invoices.csv", "--mapping", path(`odd-${i}.yaml`)]);
      expectRefused(o, 2, message);
    }
  }, 60_000);

  // Known bug, outside this suite's files: src/segmentation/load-matrix.ts checks
  // `s.procedure in this.w.procedures`, which walks Object.prototype, so `procedure:
  // constructor` passes validation and `run` then fails with an internal error
  // (plan-actions.ts reads `.steps` of undefined). Fixed by Object.hasOwn there; then drop `.fails`.
  it("a segment naming procedure `constructor` is an unknown procedure (exit 2), not a crash", async () => {
    writeFileSync(path("proto-procedure.yaml"), "version: 1\nsegments:\n  all: { label: All, procedure: constructor }\nrules:\n  - segment: all\nprocedures:\n  p:\n    steps:\n      - { day: 1, action: email, template: reminder_1 }\n");
    const o = await relance(["run", "--invoices", "test/bad-inputs/valid-invoices.csv", ...AS_OF, "--matrix", path("proto-procedure.yaml"), "--format", "json"]);
    expectRefused(o, 2, /proto-procedure\.yaml:3:\d+: .*unknown procedure "constructor"/);
  }, 30_000);
});

// ---------------------------------------------------------------------------------- rules

describe("rule expressions reaching for the runtime", () => {
  const SENTINEL = path("PWNED");
  const PAYLOADS: [string, RegExp][] = [
    [`constructor.constructor("return process")().exit(7)`, /unexpected character "\."/],
    [`process.exit(7) == 1`, /unknown function "process\.exit" \(functions: abs, ceil/],
    [`require("child_process").execSync("touch ${SENTINEL}") == 1`, /unexpected character "\."/],
    [`'constructor' of revenue > 0`, /"of" \(object access\) is not allowed in rules/],
    [`__proto__ == 1`, /"__proto__" is not a field name/],
    [`country ~= "(a+)+$"`, /regular expressions \(~=\) are not allowed in rules/],
    [`revenue > 0; process.exit(7)`, /unexpected character ";"/],
    [`\`\${process.exit(7)}\` == 1`, /unexpected character "`"/],
    [`this["constructor"] == 1`, /unexpected character "\["/],
  ];

  it("each payload is refused by validate at its own line and column, all reported at once, nothing run", async () => {
    // rule i's `when` is on line 5 + 2i
    const lines = ["version: 1", "segments:", "  all: { label: All, procedure: p }", "rules:"];
    for (const [when] of PAYLOADS) lines.push(`  - when: ${JSON.stringify(when)}`, "    segment: all");
    lines.push("  - segment: all", "procedures:", "  p:", "    steps:", "      - { day: 1, action: email, template: reminder_1 }", "");
    writeFileSync(path("escape.yaml"), lines.join("\n"));
    const o = await relance(["validate", path("escape.yaml")]);
    expectRefused(o, 2, /escape\.yaml: the matrix has \d+ problems:/);
    PAYLOADS.forEach(([when, message], i) => {
      expect(o.stderr, when).toMatch(new RegExp(`escape\\.yaml:${5 + 2 * i}:\\d+: ${message.source}`));
    });
    expect(o.code).not.toBe(7);
    expect(existsSync(SENTINEL)).toBe(false);
  }, 30_000);

  it("the expression-escape matrix (fixtures/matrices) stops run before any output", async () => {
    const o = await relance(["run", "--invoices", "test/bad-inputs/valid-invoices.csv", ...AS_OF, "--matrix", "fixtures/matrices/invalid-expression-escape.yaml", "--out", path("never.xlsx")]);
    expectRefused(o, 2, /invalid-expression-escape\.yaml:20:23: "of" \(object access\) is not allowed in rules/);
    expect(existsSync(path("never.xlsx"))).toBe(false);
  }, 30_000);
});
