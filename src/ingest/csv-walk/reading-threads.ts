/**
 * The worker threads that read large CSV exports (csv-walk-worker.ts), started ahead of
 * their walks (walk-in-worker.ts) so that a worker's start-up overlaps other work instead
 * of keeping the reading thread waiting. Apart from the walk itself, so that the CLI's
 * entry can start the first one before it loads the rest of its code (cli/start.ts): this
 * module needs nothing but Node's.
 */
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * A file this large has its rows split on a second core (csv-walk/) while this one reads
 * them. Starting the worker costs about 100 ms before its first rows: a 4 MB file walked
 * with nothing done per row took 45 ms on one thread, 150 ms through the worker. At L the
 * customers file (7 MB) gains: `metrics` min 5.61 → 5.21 s (5 runs each, alternated).
 */
export const WORKER_MIN_BYTES = 6 * 1024 * 1024;

/** Whether the walk of that file, if it is a CSV export read as spans, is made on a worker thread (an estimate: a spreadsheet is not). */
export function walkedInWorker(file: string): boolean {
  try {
    return !/\.xls[xm]$/i.test(file) && statSync(file).size >= WORKER_MIN_BYTES;
  } catch {
    return false; // the reading reports a file it cannot open
  }
}

const IGNORE = () => {};

const WORKER = new URL("./csv-walk-worker.js", import.meta.url);

/** Whether the worker's code is there (built), next to this module. */
export function workerCodeThere(): boolean {
  return existsSync(fileURLToPath(WORKER));
}

/** A worker started before its walk (expectWalks), waiting for its request. */
let spare: Worker | null = null;
/** Walks announced by expectWalks and not yet begun. */
let coming = 0;

/**
 * `walks` walks on a worker thread are coming, one after the other (a run's large CSV
 * exports): the first one's worker starts now, unless it is started already, and each walk
 * starts the next one's. A worker no walk takes keeps nothing alive and ends with the
 * process.
 */
export function expectWalks(walks: number): void {
  coming = walks;
  warm();
}

/** expectWalks for the walks of those files (walkedInWorker). */
export function expectWalksOf(files: readonly (string | undefined)[]): void {
  expectWalks(files.filter((f): f is string => f !== undefined && walkedInWorker(f)).length);
}

/**
 * The Node options of this process a worker can take: without `--input-type` and the code
 * of `-e`/`-p`, which a worker (running its own file) refuses, failing before its first
 * message (`node --input-type=module -e "…"` running relance, as the bench's RSS wrapper
 * does). By default a worker inherits them all.
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const option = execArgv[i]!;
    const equals = option.indexOf("=");
    if (REFUSED.has(option)) i++; // and its value
    else if (equals === -1 || !REFUSED.has(option.slice(0, equals))) kept.push(option); // not --eval=…, --input-type=module
  }
  return kept;
}

const REFUSED = new Set(["-e", "--eval", "-p", "--print", "--input-type"]);

function startWorker(): Worker {
  const kept = workerExecArgv(process.execArgv);
  // inherited as they are when none is refused: an explicit list may not carry V8's flags (--expose-gc), inheriting does
  if (kept.length === process.execArgv.length) return new Worker(WORKER);
  try {
    return new Worker(WORKER, { execArgv: kept });
  } catch {
    return new Worker(WORKER, { execArgv: [] }); // one of them is such a flag (ERR_WORKER_INVALID_EXEC_ARGV): none then
  }
}

function warm(): void {
  if (coming <= 0 || spare !== null || !workerCodeThere()) return;
  let worker: Worker;
  try {
    worker = startWorker();
  } catch {
    return; // the walk will try again, and else walk on its own thread
  }
  worker.unref();
  worker.on("error", IGNORE); // one that fails before a walk takes it is not taken (below)
  worker.once("exit", () => {
    if (spare === worker) spare = null;
  });
  spare = worker;
}

/** The spare worker, or a new one; the next walk's is then started, if one is coming. */
export function takeWorker(): Worker {
  coming--;
  const taken = spare;
  spare = null;
  const worker = taken ?? startWorker(); // may throw: the walk is then made on its own thread
  worker.removeAllListeners();
  worker.ref();
  warm();
  return worker;
}
