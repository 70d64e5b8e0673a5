/**
 * The user's manual overrides (the workbook's Overrides sheet, carried from run to run):
 * force a customer's segment, pause its reminders until a date, or mark it as handed to a
 * collection agency. An override applies while D ≤ its `until` date (no date: until the
 * user deletes its row); a pause ends after its date. Each use is cited in the reasons.
 */
import type { Day } from "../ledger/day.js";
import { formatDay } from "../ledger/day.js";
import type { Matrix } from "../segmentation/matrix.js";
import type { Segmentation } from "../segmentation/segment-customers.js";
import type { Override } from "./types.js";

export interface AppliedOverrides {
  segmentation: Segmentation;
  /** customer id → why it gets no action this month */
  holds: Map<string, string>;
  /** customer id → a note for the reasons of its actions */
  notes: Map<string, string>;
  /** the overrides to write back into the new workbook (still in force) */
  kept: Override[];
  /** expired, unknown customers, unknown segments */
  messages: string[];
}

export function applyOverrides(overrides: readonly Override[], matrix: Matrix, segmentation: Segmentation, asOf: Day): AppliedOverrides {
  const holds = new Map<string, string>();
  const notes = new Map<string, string>();
  const kept: Override[] = [];
  const messages: string[] = [];
  const assignments = new Map(segmentation.assignments);
  const byLabel = new Map([...matrix.segments.values()].map((s) => [s.label.toLowerCase(), s.id]));
  const seen = new Set<string>();
  for (const o of overrides) {
    if (o.until !== null && o.until < asOf) {
      messages.push(`${o.source}: override for ${o.customer_id} expired on ${formatDay(o.until)}; dropped.`);
      continue;
    }
    const assignment = assignments.get(o.customer_id);
    if (!assignment) {
      messages.push(`${o.source}: customer ${o.customer_id} is not in this month's exports; the override is kept but has no effect.`);
      kept.push(o);
      continue;
    }
    if (seen.has(o.customer_id)) {
      messages.push(`${o.source}: a second override for ${o.customer_id}; only the first one applies.`);
      continue;
    }
    seen.add(o.customer_id);
    const pauseRunning = o.pause_until !== null && asOf < o.pause_until;
    if (o.pause_until !== null && !pauseRunning && o.segment === null && !o.agency) {
      messages.push(`${o.source}: pause of ${o.customer_id} ended on ${formatDay(o.pause_until)}; dropped.`);
      continue;
    }
    kept.push(o);
    const citeNote = o.note ? `: ${o.note}` : "";
    if (o.segment !== null) {
      const id = matrix.segments.has(o.segment) ? o.segment : byLabel.get(o.segment.toLowerCase());
      if (id === undefined) {
        messages.push(`${o.source}: segment "${o.segment}" is not in the matrix (${[...matrix.segments.keys()].join(", ")}); the segment is not forced.`);
      } else {
        assignments.set(o.customer_id, { ...assignment, segment: id, rule: `override (${o.source})` });
        notes.set(o.customer_id, `segment forced by ${o.source}${citeNote}`);
      }
    }
    if (o.agency) holds.set(o.customer_id, `handed to a collection agency (${o.source}${citeNote})`);
    else if (pauseRunning) holds.set(o.customer_id, `reminders paused until ${formatDay(o.pause_until!)} (${o.source}${citeNote})`);
  }
  const rows = segmentation.rows.map((r) => {
    const a = assignments.get(r.customer_id);
    return a && (a.segment !== r.segment || a.rule !== r.rule) ? { ...r, segment: a.segment, rule: a.rule } : r;
  });
  return { segmentation: { rows, assignments }, holds, notes, kept, messages };
}
