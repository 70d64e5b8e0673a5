/**
 * Files shipped in relance's package (the starter matrix, the demo's fixtures), found from
 * the package's root: the nearest folder above this module that holds relance's
 * package.json. The module runs from src/ (tests), dist/ (tsc's output, the bench) or
 * dist/bundle/ (the bundled CLI), so no fixed number of "../" would fit all three.
 * Never throws (the starter matrix's path is taken when modules load): with no package.json
 * above (a copy of dist/ alone), the folder two above this module is taken, and the file
 * asked for is then reported missing with the usual message, not with a stack trace.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

export function packageFile(...path: string[]): string {
  root ??= findRoot(dirname(fileURLToPath(import.meta.url)));
  return join(root, ...path);
}

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (isRelanceRoot(dir)) return dir;
    if (dirname(dir) === dir) return dirname(dirname(from)); // where dist/bundle/ puts it
  }
}

function isRelanceRoot(dir: string): boolean {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "relance";
  } catch {
    return false;
  }
}
