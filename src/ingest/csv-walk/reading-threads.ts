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

/** expectWalks for the walks of those files (walkedInWorker), in that order. */
export function expectWalksOf(files: readonly (string | undefined)[]): void {
  const walked = files.filter((f): f is string => f !== undefined && walkedInWorker(f));
  expectedFiles = walked;
  for (const file of checkedAhead.keys()) if (!walked.includes(file)) checkedAhead.delete(file); // those of the files still coming are kept (each is taken once)
  expectWalks(walked.length);
}

/** The files of the walks expected (expectWalksOf), in their order. */
let expectedFiles: readonly string[] = [];

/**
 * The UTF-8 checks of the files expected, each made ahead by the worker that will walk it,
 * while it waits for its walk (csv-walk-worker.ts). Opening a large export checks that all
 * of its bytes are UTF-8 before anything is read (read-csv.ts), on the reading thread:
 * at L, 243 MB of invoices, 35-100 ms between the customers and the first invoice. Made
 * by the worker of the export before, once its walk was done, the check was still running
 * when the invoices were opened in half the runs (then made again here); the invoices'
 * worker starts with the customers' walk and has some 300 ms to wait. Each is taken once,
 * and only for the file as it was checked.
 */
const checkedAhead = new Map<string, SharedArrayBuffer>();
/** A check's result: an Int32 at 0, CHECK_DONE once made; then, as doubles from byte 8, CHECK_FIELDS. */
export const CHECK_DONE = 1;
/** the offset it checked from, the first line not UTF-8 (0 for none), the file's size and modification time */
export const CHECK_FIELDS = 4;
const CHECK_BYTES = 8 + 8 * CHECK_FIELDS;

/** What a worker is asked before its walk: the UTF-8 check of its file, into `result` (utf8CheckedAhead). */
export interface CheckRequest {
  check: { file: string; result: SharedArrayBuffer };
}

/** The spare worker is asked to check the file of the walk it will take (the next one expected), unless that one is asked for already. */
function askCheck(worker: Worker): void {
  const file = expectedFiles[expectedFiles.length - coming];
  if (file === undefined || checkedAhead.has(file)) return;
  const result = new SharedArrayBuffer(CHECK_BYTES);
  checkedAhead.set(file, result);
  worker.postMessage({ check: { file, result } } satisfies CheckRequest);
}

/**
 * The line of the first bytes after `from` that are not UTF-8 in `file`, null when all are,
 * as the check made ahead found it; undefined when none was made (or not yet, or from
 * another offset, or the file changed since): the reader then makes it.
 */
export function utf8CheckedAhead(file: string, from: number): number | null | undefined {
  const result = checkedAhead.get(file);
  if (result === undefined || Atomics.load(new Int32Array(result, 0, 1), 0) !== CHECK_DONE) return undefined;
  checkedAhead.delete(file); // taken once: a later opening checks the file as it is then
  const [checkedFrom, line, size, modified] = new Float64Array(result, 8, CHECK_FIELDS) as unknown as [number, number, number, number];
  let now;
  try {
    now = statSync(file);
  } catch {
    return undefined;
  }
  if (checkedFrom !== from || now.size !== size || now.mtimeMs !== modified) return undefined;
  return line === 0 ? null : line;
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
  if (spare !== null) return askCheck(spare); // started for an earlier expectation: it checks the file of this one's first walk
  if (coming <= 0 || !workerCodeThere()) return;
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
  askCheck(worker);
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
