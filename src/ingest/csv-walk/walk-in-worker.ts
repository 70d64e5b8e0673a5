/**
 * A walk over a large CSV's rows with the reading, decoding and splitting on a worker thread
 * (csv-walk-worker.ts) and the rows read here as they arrive: the two halves of the work run
 * on two cores. The rows, their order, their lines and every error are the walk's own, as on
 * one thread. Where the worker's code is not there (the sources run by the tests, not built),
 * or a worker fails before its first message, the walk is made on this thread.
 */
import type { Worker } from "node:worker_threads";
import { DataError, UsageError, type Location } from "../../errors.js";
import type { WalkSource } from "../read-csv.js";
import { walkRows } from "../read-csv.js";
import type { ColumnHint, RawRow, RowSpans } from "../table.js";
import { replayBatch, type RowBatch } from "./row-batch.js";
import { takeWorker, workerCodeThere } from "./reading-threads.js";

/**
 * Pieces posted and not yet read, at most: the worker waits beyond. 16 pieces of 96 KiB
 * (read-csv.ts CHUNK_BYTES) let the worker get 1.5 MiB ahead while the reading thread is
 * held up (a garbage collection), where 4 of them let it get 384 KiB ahead: at L, the time
 * the worker waited 318-967 → 123-484 ms, the time the reading thread waited for a piece
 * 584-751 → 442-524 ms (3 runs each, timed in the threads).
 */
export const IN_FLIGHT = 16;

export interface WalkRequest {
  source: WalkSource;
  /** one Int32: pieces posted and not yet read */
  control: SharedArrayBuffer;
  hints: ColumnHint[];
}

export type WalkMessage =
  | { batch: RowBatch }
  | { done: true }
  | { error: { kind: string; message: string; location?: Location; hint?: string } };

const IGNORE = () => {};

export function walkInWorker(source: WalkSource, onRow: (row: RawRow) => void, onSpans: (row: RowSpans) => void, hints: ColumnHint[]): Promise<void> {
  if (!workerCodeThere()) return walkRows(source, onRow, Infinity, onSpans);
  const control = new SharedArrayBuffer(4);
  const pending = new Int32Array(control);
  let worker: Worker;
  try {
    worker = takeWorker();
  } catch {
    return walkRows(source, onRow, Infinity, onSpans); // no worker could be started: this thread walks, as below
  }
  worker.postMessage({ source, control, hints } satisfies WalkRequest);
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown) => {
      if (settled) return;
      settled = true;
      // Every listener here holds the reader's callbacks (closures of one scope share it),
      // and through them the whole ledger being read, until the worker's thread has ended:
      // at L, run's peak RSS 753 → 1001 MiB, the ledger's typed arrays (397 MB) alive into
      // the writing of the workbook. So none is left once the walk is over.
      worker.removeAllListeners();
      worker.on("error", IGNORE); // an error of a thread ending after the walk changes nothing
      if (error === null) resolve();
      else {
        void worker.terminate();
        reject(error);
      }
    };
    let heard = false;
    worker.on("message", (message: WalkMessage) => {
      if (settled) return;
      heard = true;
      if ("done" in message) return settle(null);
      if ("error" in message) return settle(rebuilt(message.error));
      try {
        replayBatch(message.batch, hints.length, onRow, onSpans);
      } catch (e) {
        return settle(e);
      }
      Atomics.sub(pending, 0, 1);
      Atomics.notify(pending, 0);
    });
    // A worker that fails before its first message (it could not start: options it refuses,
    // a spare that died) has delivered no row: the walk is then made on this thread, the
    // same rows in the same order, on one core. One that fails later fails the walk.
    const failed = (error: unknown) => {
      if (settled || heard) return settle(error);
      settled = true;
      worker.removeAllListeners();
      worker.on("error", IGNORE);
      void worker.terminate();
      walkRows(source, onRow, Infinity, onSpans).then(resolve, reject);
    };
    worker.on("error", failed);
    worker.on("exit", (code) => failed(new Error(`the CSV reading thread stopped early (exit code ${code})`)));
  });
}

function rebuilt(error: { kind: string; message: string; location?: Location; hint?: string }): Error {
  if (error.kind === "DataError") return new DataError(error.message, error.location, error.hint);
  if (error.kind === "UsageError") return new UsageError(error.message, error.location, error.hint);
  return new Error(`in the CSV reading thread: ${error.message}`);
}
