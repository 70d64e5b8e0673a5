/**
 * The worker thread of a CSV walk (walk-in-worker.ts): given its walk (its first message),
 * reads, decodes and splits the file exactly as the walk on the main thread would
 * (read-csv.ts walkRows), and posts the rows piece by piece. It waits while the reading thread is IN_FLIGHT pieces behind, so memory
 * stays a few pieces whatever the two threads' speeds.
 */
import { parentPort } from "node:worker_threads";
import { RelanceError } from "../../errors.js";
import { walkRows } from "../read-csv.js";
import { BatchWriter, type RowBatch } from "./row-batch.js";
import { IN_FLIGHT, type WalkRequest, type WalkMessage } from "./walk-in-worker.js";

// the request comes as the first message: a worker may be started before its walk (reading-threads.ts expectWalks)
const { source, control, hints } = await new Promise<WalkRequest>((resolve) => parentPort!.once("message", resolve));
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
