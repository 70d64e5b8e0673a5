import { describe, expect, it } from "vitest";
import { exportFiles } from "../../../src/cli/start.js";

describe("exportFiles (the exports whose reading threads start before the code loads)", () => {
  it("finds each export option, spaced or with =, in any place", () => {
    expect(exportFiles(["metrics", "--customers", "c.csv", "--as-of", "2025-06-30", "--invoices=i.csv", "--quiet", "--payments", "p.csv"])).toEqual(["c.csv", "p.csv", "i.csv"]); // the order a run reads them
    expect(exportFiles(["run", "--invoices", "i.csv", "--customers", "c.csv"])).toEqual(["c.csv", "i.csv"]);
  });

  it("takes nothing after --, no option without its value, and no other option's value", () => {
    expect(exportFiles(["run", "--out", "o.xlsx", "--", "--customers", "c.csv"])).toEqual([]);
    expect(exportFiles(["run", "--invoices"])).toEqual([]);
    expect(exportFiles(["run", "--mapping", "m.yaml", "--invoices-file", "x.csv", "--customers=", "--out=--invoices"])).toEqual([""]);
  });
});
