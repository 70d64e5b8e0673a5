import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasStackTrace, runCli } from "../helpers/run-cli.js";

const FR = ["--customers", "fixtures/fr-sage/clients.csv", "--invoices", "fixtures/fr-sage/factures.csv", "--as-of", "2026-10-31"];
const EN = ["--customers", "fixtures/en-iso/customers.csv", "--invoices", "fixtures/en-iso/invoices.csv", "--as-of", "2026-10-31"];

describe("relance validate / init / segment / explain", () => {
  it("validate: exit 0 for a valid matrix, 2 with every problem as file:line:column", () => {
    const ok = runCli(["validate", "fixtures/matrices/minimal.yaml"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("fixtures/matrices/minimal.yaml: valid.");
    const bad = runCli(["validate", "fixtures/matrices/invalid-unknown-field.yaml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('fixtures/matrices/invalid-unknown-field.yaml:8:13: unknown field "avg_days_lat" (did you mean "avg_days_late"?)');
    expect(hasStackTrace(bad.stderr)).toBe(false);
  });

  it("init writes a starter that validates, and never overwrites", () => {
    const dir = mkdtempSync(join(tmpdir(), "relance-init-"));
    expect(runCli(["init", dir]).code).toBe(0);
    expect(existsSync(join(dir, "mapping.yaml"))).toBe(true);
    expect(runCli(["validate", join(dir, "segments.yaml")]).code).toBe(0);
    const again = runCli(["init", dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exists");
  });

  it("segment: the same segments whatever the dialect, with segment and rule columns", () => {
    const fr = runCli(["segment", ...FR, "--format", "csv", "--quiet"]);
    const en = runCli(["segment", ...EN, "--format", "csv", "--quiet"]);
    expect(fr.code).toBe(0);
    expect(fr.stdout).toBe(en.stdout);
    const [header, ...lines] = fr.stdout.trimEnd().split("\n");
    expect(header!.endsWith(",trend_days_late,segment,rule")).toBe(true);
    expect(lines.find((l) => l.startsWith("C039,"))!.endsWith(",new,new_customer")).toBe(true);
  });

  it("explain agrees with segment", () => {
    const seg = JSON.parse(runCli(["segment", ...FR, "--format", "json", "--quiet"]).stdout) as { customer_id: string; segment: string; rule: string }[];
    for (const id of ["C004", "C028", "C039"]) {
      const e = JSON.parse(runCli(["explain", id, ...FR, "--format", "json", "--quiet"]).stdout);
      const s = seg.find((r) => r.customer_id === id)!;
      expect([e.assignment.segment, e.assignment.rule]).toEqual([s.segment, s.rule]);
    }
    const text = runCli(["explain", "C028", ...FR, "--quiet"]);
    expect(text.stdout).toContain("→ retards-chroniques → retards_chroniques  ✓");
    expect(text.stdout).toContain("avg_days_late 52.67 > 30 ✓");
    expect(runCli(["explain", "C999", ...FR, "--quiet"]).code).toBe(2);
  });

  it("uses a free customer column, and refuses a matrix naming a column the export lacks", () => {
    const dir = mkdtempSync(join(tmpdir(), "relance-free-"));
    const matrix = join(dir, "m.yaml");
    writeFileSync(matrix, readFileSync("fixtures/matrices/minimal.yaml", "utf8").replace("when: dispute_count > 0", 'when: Region == "Bayern" or dispute_count > 0'));
    const ok = runCli(["segment", ...EN, "--matrix", matrix, "--format", "json", "--quiet"]);
    expect(ok.code).toBe(0);
    // C002 is in Bayern: the first rule now takes it
    expect(JSON.parse(ok.stdout).find((r: { customer_id: string }) => r.customer_id === "C002")).toMatchObject({ segment: "disputed", rule: "rule 1" });
    const missing = runCli(["segment", "--invoices", "fixtures/en-iso/invoices.csv", "--as-of", "2026-10-31", "--matrix", matrix]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('the matrix uses "Region"');
  });

  it("refuses a matrix whose expression reaches for the runtime", () => {
    const r = runCli(["segment", ...EN, "--matrix", "fixtures/matrices/invalid-expression-escape.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"of" (object access) is not allowed in rules');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
