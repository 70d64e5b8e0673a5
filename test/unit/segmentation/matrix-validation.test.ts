/**
 * One test per validation message: each fixtures/matrices/invalid-*.yaml breaks the valid
 * minimal.yaml in one way and says, in its `# expect:` line, the diagnostic it must give
 * (error or warning, line:column, exact text).
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkMatrix, validIban } from "../../../src/segmentation/load-matrix.js";

const DIR = "fixtures/matrices";
const files = readdirSync(DIR).filter((f) => f.startsWith("invalid-")).sort();

describe("matrix validation messages", () => {
  it("has a catalogue of at least 20 broken matrices", () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of files) {
    it(name, () => {
      const text = readFileSync(join(DIR, name), "utf8");
      const m = /^# expect: (error|warning) (\d+):(\d+): (.*)$/m.exec(text);
      expect(m, "the file states its expected diagnostic").not.toBeNull();
      const [, kind, line, column, message] = m!;
      const file = join(DIR, name);
      const check = checkMatrix(text, file);
      const found = kind === "error" ? check.errors : check.warnings;
      expect(found).toContainEqual({ file, line: Number(line), column: Number(column), message });
      if (kind === "error") expect(check.matrix).toBeNull();
      else expect(check.errors).toEqual([]);
    });
  }

  it("accepts the minimal matrix and the starter without errors or warnings", () => {
    for (const file of [join(DIR, "minimal.yaml"), "src/segmentation/starter/segments.yaml"]) {
      const check = checkMatrix(readFileSync(file, "utf8"), file);
      expect(check.errors).toEqual([]);
      expect(check.warnings).toEqual([]);
      expect(check.matrix).not.toBeNull();
    }
  });

  it("reports every problem at once, sorted by position", () => {
    const text = readFileSync(join(DIR, "minimal.yaml"), "utf8")
      .replace("avg_days_late > 30", "avg_days_lat > 30")
      .replace("segment: disputed", "segment: dispted")
      .replace("template: reminder_2", "template: reminder_3");
    const check = checkMatrix(text, "m.yaml");
    expect(check.errors.map((e) => e.message.split(" (")[0])).toEqual([
      'unknown field "avg_days_lat"',
      'unknown segment "dispted"',
      'unknown template "reminder_3"',
    ]);
  });

  it("leaves Object.prototype untouched by a __proto__ key", () => {
    const text = readFileSync(join(DIR, "invalid-proto-key.yaml"), "utf8");
    checkMatrix(text, "p.yaml");
    expect(({} as Record<string, unknown>).label).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "procedure")).toBe(false);
  });

  it("refuses an alias bomb quickly", () => {
    const started = performance.now();
    const check = checkMatrix(readFileSync(join(DIR, "invalid-alias-bomb.yaml"), "utf8"), "bomb.yaml");
    expect(check.matrix).toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("creditor IBAN", () => {
  it("checks the ISO 13616 check digits, spaces and case ignored", () => {
    for (const ok of ["FR76 3000 6000 0112 3456 7890 189", "BE68 5390 0754 7034", "nl91abna0417164300", "DE89 3704 0044 0532 0130 00", "GB29 NWBK 6016 1331 9268 19"]) expect(validIban(ok), ok).toBe(true);
    for (const bad of ["FR76 3000 6000 0112 3456 7890 188", "BE69 5390 0754 7034", "FR76", "not an iban", ""]) expect(validIban(bad), bad).toBe(false);
  });
});
