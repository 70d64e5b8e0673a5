import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/run-cli.js";

describe("relance demo", () => {
  it("reads the bundled French exports from any directory and prints what it read", () => {
    const cwd = mkdtempSync(join(tmpdir(), "relance-demo-"));
    const r = runCli(["demo"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("40 customers, 386 documents, 0 payments; 0 rows rejected");
    // Σ amounts per currency, as fixtures/README.md states them
    expect(r.stdout).toMatch(/EUR\W+354\W+19\W+5644475\.16\W+511573\.41/);
    expect(r.stdout).toMatch(/GBP\W+10\W+1\W+5633\.76\W+895\.86/);
    expect(r.stdout).toMatch(/USD\W+2\W+0\W+41150\.50\W+22400\.50/);
  });
});
