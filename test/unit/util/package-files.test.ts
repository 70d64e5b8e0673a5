import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { packageFile } from "../../../src/package-files.js";
import { STARTER_MATRIX } from "../../../src/segmentation/starter-files.js";

describe("packageFile", () => {
  it("finds relance's own files from its package root, whatever the depth of the module asking", () => {
    const root = fileURLToPath(new URL("../../../", import.meta.url));
    expect(packageFile("package.json")).toBe(`${root}package.json`);
    expect((JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as { name: string }).name).toBe("relance");
    expect(STARTER_MATRIX).toBe(`${root}src/segmentation/starter/segments.yaml`);
    expect(existsSync(packageFile("fixtures", "fr-sage", "clients.csv"))).toBe(true);
  });
});
