/**
 * Writes an output file all at once or not at all: into a temporary file beside it, then
 * renamed over the target, so a failed run never leaves half a file. Refuses to write over
 * one of the run's input files.
 */
import { rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../errors.js";

export async function writeOutputFile(path: string, content: string | Uint8Array, inputs: readonly string[] = []): Promise<void> {
  const target = resolve(path);
  if (inputs.some((i) => resolve(i) === target)) {
    throw new UsageError(`--out ${path} is one of the input files.`, { file: path }, "Write the output to another file; relance never touches its inputs.");
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    await writeFile(temp, content);
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => {});
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "its folder does not exist" : code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EISDIR" ? "it is a folder" : (code ?? String(error));
    throw new UsageError(`cannot write ${path}: ${why}.`, { file: path }, "Choose an output path in an existing folder you can write to.");
  }
}
