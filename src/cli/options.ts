/** Turns option strings into values, with usage errors that say what is expected. */
import { UsageError } from "../errors.js";
import { parseIsoDay, today, type Day } from "../ledger/day.js";
import { loadMappingFile, type MappingFile } from "../ingest/mapping/mapping-file.js";

export function asOfOption(text: string | undefined, fallback: Day = today()): Day {
  if (text === undefined) return fallback;
  const day = parseIsoDay(text);
  if (day === null) throw new UsageError(`--as-of "${text}" is not a date.`, undefined, "Write it as YYYY-MM-DD, e.g. --as-of 2026-10-31.");
  return day;
}

export async function mappingOption(file: string | undefined): Promise<MappingFile | undefined> {
  return file === undefined ? undefined : loadMappingFile(file);
}
