/**
 * Progress on long runs, on stderr and only on a terminal (never in a cron log or a pipe,
 * never with --quiet): one line rewritten in place, at most ten times a second, with the
 * rows read and the time elapsed, then the stage under way; erased before anything else is
 * written to stderr.
 */
import { basename } from "node:path";
import type { Io } from "./io.js";

export interface Progress {
  /** rows read so far in a file */
  rows(file: string, rows: number): void;
  /** a stage without rows to count ("writing relance-2026-10-31.xlsx") */
  stage(label: string): void;
  /** erases the line */
  done(): void;
}

const NONE: Progress = { rows: () => {}, stage: () => {}, done: () => {} };
const EVERY_MS = 100;
const ERASE = "\r\u001b[2K";

export function progressFor(io: Io, now: () => number = () => performance.now()): Progress {
  if (!io.errIsTty || io.quiet) return NONE;
  const start = now();
  let last = -Infinity;
  let shown = false;
  const show = (text: string, force: boolean): void => {
    const t = now();
    if (!force && t - last < EVERY_MS) return;
    last = t;
    shown = true;
    io.err(`${ERASE}relance: ${text}, ${((t - start) / 1000).toFixed(1)} s`);
  };
  return {
    rows: (file, rows) => show(`reading ${basename(file)}: ${rows.toLocaleString("en-US")} rows`, false),
    stage: (label) => show(label, true),
    done: () => {
      if (shown) io.err(ERASE);
      shown = false;
    },
  };
}
