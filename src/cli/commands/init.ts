/** `relance init [DIR]`: writes the commented starter matrix and a mapping-file template. */
import { access, copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../../errors.js";
import { STARTER_MAPPING, STARTER_MATRIX } from "../../segmentation/starter-files.js";
import type { Io } from "../io.js";

export async function init(dir: string, opts: { force?: boolean }, io: Io): Promise<void> {
  await mkdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot create ${dir} (${error.code ?? error.message}).`, { file: dir }, "Choose a folder you can write to.");
  });
  const targets = [
    [STARTER_MATRIX, join(dir, "segments.yaml")],
    [STARTER_MAPPING, join(dir, "mapping.yaml")],
  ] as const;
  if (!opts.force) {
    for (const [, target] of targets) {
      const exists = await access(target).then(() => true, () => false);
      if (exists) throw new UsageError(`${target} already exists; relance init does not overwrite it.`, { file: target }, "Use --force to replace it, or another folder.");
    }
  }
  for (const [source, target] of targets) await copyFile(source, target);
  io.out(`Wrote ${targets.map(([, t]) => t).join(" and ")}.\nEdit segments.yaml, then check it with: relance validate ${join(dir, "segments.yaml")}\n`);
}
