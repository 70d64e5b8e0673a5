/**
 * How far V8 lets the heap grow past what a full garbage collection left alive.
 *
 * By default the factor is chosen per collection, up to 4×, and a run streaming millions of
 * rows makes garbage fast enough to get the large factors: at 100k customers / 3M
 * documents with payments the heap reached 630 MB while 170 MB of it was alive, and the
 * typed arrays of the read (280 MB, freed only with their garbage-collected owners)
 * lingered into the writing. Capped at 1.5× (measured with `node --heap-growing-percent`,
 * the same setting): `metrics` with payments at L 1.11 GB → 0.75 GB peak RSS, `run`
 * (with the workbook's rows streamed, write-workbook.ts) 1.05 GB → 0.88 GB, in the same
 * time; at S and M no difference beyond the noise.
 *
 * Since then the read keeps far less (with payments at L, 524 MiB at 1.5×), and the cap at
 * 1.5× made a mark-compact each time the live heap grew by half, as it does while the
 * customers and the keys of the documents are read: 6–8 a `metrics` run at L. At 2.5×
 * (alternated runs at L, medians): `metrics` 2.46 → 2.36 s (7 each; main-thread GC 280 →
 * 220 ms, `--trace-gc`), with payments 3.44 → 3.34 s, `run` 14.5 → 14.1 s; peak RSS 392 →
 * 421, 524 → 545 and 869 → 862 MiB.
 *
 * Set when the process starts, before the heap grows; Node supports setting V8 flags at run
 * time (`v8.setFlagsFromString`), and this one is read at every collection.
 */
import { setFlagsFromString } from "node:v8";

const HEAP_GROWING_PERCENT = 150;

export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
