/**
 * The worker thread of a CSV walk (walk-in-worker.ts): given its walk (its first message),
 * reads, decodes and splits the file exactly as the walk on the main thread would
 * (read-csv.ts walkRows), and posts the rows piece by piece. It waits while the reading thread is IN_FLIGHT pieces behind, so memory
 * stays a few pieces whatever the two threads' speeds.
 */
import { statSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import { RelanceError } from "../../errors.js";
import { utf8CheckOf, walkRows } from "../read-csv.js";
import { BatchWriter, type RowBatch } from "./row-batch.js";
import { IN_FLIGHT, type WalkRequest, type WalkMessage } from "./walk-in-worker.js";
import { CHECK_DONE, CHECK_FIELDS, type CheckRequest } from "./reading-threads.js";

// the walk's request may come long after the worker started (reading-threads.ts expectWalks), the UTF-8 check of its file before it
const { source, control, hints } = await walkRequest();
const pending = new Int32Array(control);
const post = (message: WalkMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

const writer = new BatchWriter(hints, (batch: RowBatch) => {
  for (let seen = Atomics.load(pending, 0); seen >= IN_FLIGHT; seen = Atomics.load(pending, 0)) Atomics.wait(pending, 0, seen);
  Atomics.add(pending, 0, 1);
  post({ batch }, [batch.rows.buffer as ArrayBuffer, batch.known.buffer as ArrayBuffer]);
});

try {
  await walkRows(source, (row) => writer.row(row), Infinity, (row) => writer.spans(row));
  writer.flush();
  post({ done: true });
} catch (e) {
  writer.flush(); // the rows before the error are delivered, as on one thread
  const error = e instanceof RelanceError
    ? { kind: e.name, message: e.message, location: e.location, hint: e.hint }
    : { kind: "Error", message: e instanceof Error ? e.message : String(e) };
  post({ error });
}

/** The walk's request; the checks asked for before it (CheckRequest) made as they come. */
function walkRequest(): Promise<WalkRequest> {
  return new Promise((resolve) => {
    const onMessage = (message: WalkRequest | CheckRequest) => {
      if ("check" in message) return checkAhead(message.check.file, message.check.result);
      parentPort!.off("message", onMessage);
      resolve(message);
    };
    parentPort!.on("message", onMessage);
  });
}

/** The UTF-8 check of the file of this worker's walk, for the reading thread (reading-threads.ts utf8CheckedAhead); the file as it was before the check. */
function checkAhead(file: string, result: SharedArrayBuffer): void {
  let before;
  try {
    before = statSync(file);
  } catch {
    return; // the reading says what is wrong with it
  }
  const made = utf8CheckOf(file);
  if (made === null) return;
  new Float64Array(result, 8, CHECK_FIELDS).set([made.from, made.line ?? 0, before.size, before.mtimeMs]);
  Atomics.store(new Int32Array(result, 0, 1), 0, CHECK_DONE);
}
