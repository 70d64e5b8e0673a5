/**
 * Last month's workbook (as grids) → PreviousRun. Tolerates what users do to a workbook:
 * re-sorted or deleted rows, moved, deleted or added columns, headers renamed to the words
 * of their language (see ACTION_HEADERS). What cannot be understood is reported with its
 * cell and never guessed: an action whose status cannot be read is treated as not done.
 *
 * The actions come from the run's hidden state sheet (state-sheet.ts); the Actions sheet
 * gives what the user recorded on each. Without the state sheet (a workbook rebuilt by
 * hand), the actions are read from the Actions sheet alone.
 */
import { UsageError } from "../errors.js";
import { parseBoolean } from "../ingest/parse/boolean.js";
import type { ActionStatus } from "../actions/types.js";
import type { Day } from "../ledger/day.js";
import { ACTION_COLUMNS_READ_BACK, ACTIONS_SHEET, OVERRIDE_COLUMNS, OVERRIDES_SHEET } from "../output/workbook-model.js";
import { cellDay, cellRef, cellText, findColumns, type Grid, type GridRow } from "./sheet-grid.js";
import { readStateRows, STATE_SHEET, type StateAction } from "./state-sheet.js";
import { STATUS_WORDS, type Override, type PreviousAction, type PreviousRun } from "./types.js";

/** The written name first (workbook-model.ts), then the words users rename it to. */
const W = ACTION_COLUMNS_READ_BACK;
const ACTION_HEADERS = {
  action_id: [W.action_id, "Id action", "Actie id", "Aktion id", "action_id"],
  customer_id: [W.customer_id, "customer_id", "Code client", "Client", "Klant", "Klantnummer", "Kunde", "Kundennummer"],
  step: [W.step, "Étape", "Stap", "Schritt"],
  planned: [W.planned, "Date prévue", "Gepland", "Geplant"],
  invoices: [W.invoices, "Factures", "Facturen", "Rechnungen"],
  status: [W.status, "Statut", "État", "Etat"],
  promise: [W.promise, "Promised date", "Promise", "Date de promesse", "Promesse", "Beloofd op", "Toezegging", "Zahlungszusage", "Zusage"],
  comment: [W.comment, "Comments", "Commentaire", "Commentaires", "Opmerking", "Opmerkingen", "Kommentar", "Bemerkung", "Notes"],
} as const;
const [O_CUSTOMER, , O_SEGMENT, O_PAUSE, O_AGENCY, O_UNTIL, O_NOTE] = OVERRIDE_COLUMNS;
const OVERRIDE_HEADERS = {
  customer_id: [O_CUSTOMER, ...ACTION_HEADERS.customer_id],
  segment: [O_SEGMENT, "Segment", "Forcer segment", "Segment forcé"],
  pause: [O_PAUSE, "Pause until", "Pause", "Suspendre jusqu'au", "Pauze tot", "Pause bis"],
  agency: [O_AGENCY, "Agency", "Recouvrement", "Société de recouvrement", "Incassobureau", "Inkasso"],
  until: [O_UNTIL, "Expires", "Jusqu'au", "Tot", "Bis"],
  note: [O_NOTE, "Reason", "Raison", "Motif", "Reden", "Grund"],
} as const;


export function parsePrevious(file: string, sheets: readonly Grid[]): PreviousRun {
  const problems: string[] = [];
  const byName = new Map(sheets.map((s) => [s.name.toLowerCase(), s]));
  const actionsGrid = byName.get(ACTIONS_SHEET.toLowerCase());
  if (!actionsGrid) {
    throw new UsageError(
      `${file}: no "${ACTIONS_SHEET}" sheet (sheets: ${sheets.map((s) => s.name).join(", ") || "none"}).`,
      { file },
      "Pass the workbook written by the previous `relance run` (it has an Actions sheet), with the sheet's name unchanged.",
    );
  }
  const stateGrid = byName.get(STATE_SHEET);
  const state = stateGrid
    ? readStateRows(stateGrid.rows.filter((r) => r.number > 1).map((r) => ({ kind: cellText(r.cells[0]) || null, data: r.cells[2], ref: cellRef(STATE_SHEET, r.number, 2) })), problems)
    : null;
  if (!stateGrid) problems.push(`${file}: no ${STATE_SHEET} sheet: this is not a workbook written by relance run, or it was rebuilt; the actions are read from the Actions sheet alone and segment changes cannot be reported.`);
  const actions = readActions(actionsGrid, state?.actions ?? null, problems);
  const overridesGrid = byName.get(OVERRIDES_SHEET.toLowerCase());
  return {
    file,
    asOf: state?.asOf ?? null,
    actions,
    followUps: state?.followUps ?? [],
    customers: state?.customers ?? [],
    overrides: overridesGrid ? readOverrides(overridesGrid, problems) : [],
    problems,
  };
}

// ---------------------------------------------------------------------------------------
// Actions

/** The row among the first five that names the most known columns. */
function headerRow<K extends string>(grid: Grid, names: Readonly<Record<K, readonly string[]>>): { row: GridRow | null; columns: Partial<Record<K, number>> } {
  let best: { row: GridRow | null; columns: Partial<Record<K, number>> } = { row: null, columns: {} };
  for (const row of grid.rows.slice(0, 5)) {
    const columns = findColumns(row.cells, names);
    if (Object.keys(columns).length > Object.keys(best.columns).length) best = { row, columns };
  }
  return best;
}

function readActions(grid: Grid, planned: StateAction[] | null, problems: string[]): PreviousAction[] {
  const { row: header, columns } = headerRow(grid, ACTION_HEADERS);
  const headerNumber = header?.number ?? 1;
  const at = (row: number, key: keyof typeof ACTION_HEADERS): string => cellRef(grid.name, row, columns[key] ?? 0);
  const missing = (key: keyof typeof ACTION_HEADERS, consequence: string): void => {
    if (columns[key] === undefined) problems.push(`${cellRef(grid.name, headerNumber, 0)}: no "${ACTION_HEADERS[key][0]}" column in the header row (${consequence}).`);
  };
  missing("action_id", "rows cannot be matched to actions: every action is treated as not done");
  missing("status", "statuses cannot be read: actions are treated as not done unless promised");
  missing("promise", "promise dates cannot be read");
  missing("comment", "comments cannot be read");

  const recorded = new Map<string, { row: GridRow; status: ActionStatus; promise: Day | null; comment: string }>();
  const fromSheet: StateAction[] = [];
  for (const row of grid.rows) {
    if (row.number <= headerNumber || columns.action_id === undefined) continue;
    const id = cellText(row.cells[columns.action_id]);
    if (id === "") {
      if (row.cells.some((c) => cellText(c) !== "")) problems.push(`${at(row.number, "action_id")}: no action id; the row is ignored.`);
      continue;
    }
    if (recorded.has(id)) {
      problems.push(`${at(row.number, "action_id")}: action ${id} appears a second time; the first row (${grid.name}!${recorded.get(id)!.row.number}) is used.`);
      continue;
    }
    const user = readUserColumns(grid.name, row, columns, problems);
    recorded.set(id, { row, ...user });
    if (planned === null) {
      const action = actionFromRow(grid.name, row, id, columns, problems);
      if (action) fromSheet.push(action);
    }
  }

  const actions: PreviousAction[] = [];
  const known = new Set<string>();
  for (const a of planned ?? fromSheet) {
    known.add(a.action_id);
    const user = recorded.get(a.action_id);
    if (!user) {
      if (columns.action_id !== undefined) problems.push(`${grid.name}: action ${a.action_id} has no row any more (deleted?); it is treated as not done.`);
      actions.push(previousAction(a, "to do", null, "", null));
      continue;
    }
    actions.push(previousAction(a, user.status, user.promise, user.comment, `${grid.name}!${user.row.number}`));
  }
  for (const [id, user] of recorded) {
    if (!known.has(id)) problems.push(`${at(user.row.number, "action_id")}: action ${id} was not planned by the previous run; the row is ignored.`);
  }
  return actions;
}

function readUserColumns(sheet: string, row: GridRow, columns: Partial<Record<keyof typeof ACTION_HEADERS, number>>, problems: string[]): { status: ActionStatus; promise: Day | null; comment: string } {
  const ref = (key: "status" | "promise" | "comment"): string => cellRef(sheet, row.number, columns[key] ?? 0);
  let status: ActionStatus = "to do";
  if (columns.status !== undefined) {
    const written = cellText(row.cells[columns.status]);
    const word = STATUS_WORDS.get(written.toLowerCase().replace(/\s+/g, " "));
    if (word) status = word;
    else if (written !== "") problems.push(`${ref("status")}: status "${written.slice(0, 40)}" not understood (to do, done, skipped, promised); the action is treated as not done.`);
  }
  let promise: Day | null = null;
  if (columns.promise !== undefined) {
    const value = row.cells[columns.promise];
    const day = cellDay(value);
    if (day === undefined) problems.push(`${ref("promise")}: promise date "${cellText(value).slice(0, 40)}" is not a date (write it as a date, or yyyy-mm-dd / dd/mm/yyyy); it is ignored.`);
    else promise = day;
  }
  if (status === "promised" && promise === null) {
    problems.push(`${ref("status")}: promised, but no promise date; the action is treated as not done (fill the promise date).`);
    status = "to do";
  } else if (promise !== null && status === "to do") {
    problems.push(`${ref("promise")}: a promise date with the status left at "to do"; read as promised.`);
    status = "promised";
  } else if (promise !== null && status !== "promised") {
    promise = null; // a promise date on an action marked done or skipped: the action's status wins
  }
  const comment = columns.comment === undefined ? "" : cellText(row.cells[columns.comment]);
  return { status, promise, comment };
}

/** Without the state sheet: the action as its row shows it (id "C001/EUR/3", step, date, invoices). */
function actionFromRow(sheet: string, row: GridRow, id: string, columns: Partial<Record<keyof typeof ACTION_HEADERS, number>>, problems: string[]): StateAction | null {
  const m = id.match(/^(.+)\/([A-Z]{3}|)\/(\d+)$/);
  const planned = columns.planned === undefined ? null : cellDay(row.cells[columns.planned]);
  if (!m || planned === null || planned === undefined) {
    problems.push(`${cellRef(sheet, row.number, columns.action_id ?? 0)}: action ${id} cannot be read without the run's state (an id like C001/EUR/3 and a planned date are needed); the row is ignored.`);
    return null;
  }
  const invoices = columns.invoices === undefined ? [] : cellText(row.cells[columns.invoices]).split(/[,\s]+/).filter(Boolean);
  return { action_id: id, customer_id: m[1]!, currency: m[2]!, procedure: "", step: Number(m[3]), step_day: 0, planned_date: planned, invoices };
}

// ---------------------------------------------------------------------------------------
// Overrides

function readOverrides(grid: Grid, problems: string[]): Override[] {
  const { row: header, columns } = headerRow(grid, OVERRIDE_HEADERS);
  if (columns.customer_id === undefined) {
    if (grid.rows.some((r) => r.cells.some((c) => cellText(c) !== ""))) problems.push(`${cellRef(grid.name, header?.number ?? 1, 0)}: no "Customer id" column; the overrides cannot be read.`);
    return [];
  }
  const overrides: Override[] = [];
  for (const row of grid.rows) {
    if (row.number <= (header?.number ?? 1)) continue;
    const customer = cellText(row.cells[columns.customer_id]);
    const ref = (key: keyof typeof OVERRIDE_HEADERS): string => cellRef(grid.name, row.number, columns[key] ?? 0);
    if (customer === "") {
      if (row.cells.some((c) => cellText(c) !== "")) problems.push(`${ref("customer_id")}: no customer id; the override is ignored.`);
      continue;
    }
    const day = (key: "pause" | "until"): Day | null => {
      if (columns[key] === undefined) return null;
      const d = cellDay(row.cells[columns[key]]);
      if (d === undefined) problems.push(`${ref(key)}: "${cellText(row.cells[columns[key]]).slice(0, 40)}" is not a date; ignored.`);
      return d ?? null;
    };
    let agency = false;
    if (columns.agency !== undefined) {
      const word = cellText(row.cells[columns.agency]);
      const yes = parseBoolean(word); // the export's yes/no words, FR/NL/DE/EN
      if (yes.ok) agency = yes.value;
      else problems.push(`${ref("agency")}: "${word.slice(0, 40)}" is neither yes nor no; read as no.`);
    }
    const segment = columns.segment === undefined ? "" : cellText(row.cells[columns.segment]);
    const override: Override = {
      customer_id: customer,
      segment: segment === "" ? null : segment,
      pause_until: day("pause"),
      agency,
      until: day("until"),
      note: columns.note === undefined ? "" : cellText(row.cells[columns.note]),
      source: `${grid.name}!${row.number}`,
    };
    if (override.segment === null && override.pause_until === null && !override.agency) {
      problems.push(`${ref("customer_id")}: override for ${customer} sets nothing (a segment, a pause date or the collection agency); ignored.`);
      continue;
    }
    overrides.push(override);
  }
  return overrides;
}

/**
 * A planned action with what the user recorded, written out field by field: a spread copy
 * with keys added gets a hidden class of its own in V8 (about 200 bytes an action).
 */
function previousAction(a: StateAction, status: PreviousAction["status"], promise: PreviousAction["promise_date"], comment: string, row: string | null): PreviousAction {
  return {
    action_id: a.action_id, customer_id: a.customer_id, currency: a.currency, procedure: a.procedure,
    step: a.step, step_day: a.step_day, planned_date: a.planned_date, invoices: a.invoices,
    status, promise_date: promise, comment, row,
  };
}
