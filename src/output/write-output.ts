/**
 * Writes an output file all at once or not at all: into a temporary file beside it, then
 * renamed over the target, so a failed or killed run never leaves half a file (the previous
 * output stays whole until the rename). Refuses to write over one of the run's input files,
 * however the path is spelled: the same path, a symbolic or hard link to it.
 */
import { stat, rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../errors.js";

/** What an output file holds: text or bytes, or text in pieces made as the file is written. */
export type OutputContent = string | Uint8Array | Iterable<string>;

export async function writeOutputFile(path: string, content: OutputContent, inputs: readonly string[] = []): Promise<void> {
  const target = resolve(path);
  await refuseInput(path, inputs);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    await createExclusive(temp, content);
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => {});
    if (!(error as NodeJS.ErrnoException | null)?.code) throw error; // not the system's refusal: a fault in making the content, as it is
    throw new UsageError(`cannot write ${path}: ${writeFailure(error)}.`, { file: path }, "Choose an output path in an existing folder you can write to.");
  }
}

/** Why a write failed, in words. */
export function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT": return "its folder does not exist";
    case "EACCES":
    case "EPERM": return "permission denied";
    case "EISDIR": return "it is a folder";
    case "ENOTDIR": return "a part of its path is a file, not a folder";
    case "EROFS": return "the disk is read-only";
    case "ENOSPC": return "the disk is full";
    case "EDQUOT": return "the disk quota is exceeded";
    case "EFBIG": return "the file would be larger than this system allows";
    case "ENAMETOOLONG": return "the path is too long";
    default: return code ?? String(error);
  }
}

/** Throws the usage error when `path` is one of the inputs (see isOneOf); for every writer of an output. */
export async function refuseInput(path: string, inputs: readonly string[]): Promise<void> {
  if (await isOneOf(resolve(path), inputs)) {
    throw new UsageError(`--out ${path} is one of the input files.`, { file: path }, "Write the output to another file; relance never touches its inputs.");
  }
}

/** True when `target` is one of the inputs: same path, or an existing file with the same identity (a link). */
async function isOneOf(target: string, inputs: readonly string[]): Promise<boolean> {
  if (inputs.some((i) => resolve(i) === target)) return true;
  const out = await stat(target).catch(() => null);
  if (!out) return false;
  for (const input of inputs) {
    const s = await stat(input).catch(() => null);
    if (s && s.dev === out.dev && s.ino === out.ino) return true;
  }
  return false;
}

/**
 * Writes the temporary file, never through something already at its path (a link planted
 * there, or the leftover of a killed run whose process id came round again).
 */
async function createExclusive(temp: string, content: OutputContent): Promise<void> {
  try {
    // a piece-by-piece content is consumed only once the file is open: a refused open (EEXIST) leaves it whole
    await writeFile(temp, content, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    await unlink(temp);
    await writeFile(temp, content, { flag: "wx" });
  }
}
