/**
 * Decides, once per file, how its dates and amounts are written: the day/month order of
 * every date column (one order per file: a package writes all its dates alike) and the
 * decimal mark of each amount column. The first rows usually settle it; when they leave a
 * question open and a value needs the answer, the whole file is scanned once more.
 */
import { UsageError } from "../../errors.js";
import { createDateOrderVote, type DateFormat } from "../parse/date.js";
import { createDecimalMarkVote, type DecimalMark } from "../parse/amount.js";
import type { RawRow, RawTable } from "../table.js";
import { cellText } from "../columns/match-columns.js";

export interface ColumnFormats {
  date: DateFormat;
  dateReason: string;
  /** column index → decimal mark */
  decimal: Map<number, DecimalMark>;
  decimalReason: Map<number, string>;
}

export interface FormatRequest {
  table: RawTable;
  /** rows of `head` from which data starts */
  dataStart: number;
  dateColumns: number[];
  amountColumns: number[];
  /** from the mapping file */
  dateFormat?: DateFormat;
  decimal?: DecimalMark;
  /** file-level fallback when a column shows no decisive value */
  decimalHint: { decimal: DecimalMark; why: string };
  date1904?: boolean;
}

const AMBIGUOUS_DATE = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?!\d)/;
const AMBIGUOUS_AMOUNT = /^[^.,]*\d[.,]\d{3}(?!\d)[^.,]*$/;

function isAmbiguousDate(text: string): boolean {
  const m = AMBIGUOUS_DATE.exec(text);
  return !!m && Number(m[1]) <= 12 && Number(m[2]) <= 12 && Number(m[1]) !== Number(m[2]);
}

export async function decideFormats(req: FormatRequest): Promise<ColumnFormats> {
  const dateVote = createDateOrderVote();
  const amountVotes = new Map(req.amountColumns.map((i) => [i, createDecimalMarkVote()]));
  let ambiguousDate: { text: string; line: number } | null = null;
  const ambiguousAmount = new Set<number>();

  const look = (row: RawRow) => {
    if (!req.dateFormat) {
      for (const i of req.dateColumns) {
        const cell = row.cells[i];
        if (typeof cell !== "string") continue;
        const text = cell.trim();
        dateVote.add(text);
        if (!ambiguousDate && isAmbiguousDate(text)) ambiguousDate = { text, line: row.line };
      }
    }
    if (!req.decimal) {
      for (const [i, vote] of amountVotes) {
        const cell = row.cells[i];
        if (typeof cell !== "string") continue;
        vote.add(cell.trim());
        if (AMBIGUOUS_AMOUNT.test(cell)) ambiguousAmount.add(i);
      }
    }
  };
  req.table.head.slice(req.dataStart).forEach(look);

  const headDone = req.table.head.length < 200;
  const openDate = !req.dateFormat && ambiguousDate && dateVote.result().order === null && !dateVote.result().conflict;
  const openAmounts = [...amountVotes].some(([i, v]) => ambiguousAmount.has(i) && v.result().decimal === null);
  if (!headDone && (openDate || openAmounts)) {
    // the first rows did not settle it: vote over the rest of the file
    const headLines = new Set(req.table.head.map((r) => r.line));
    await req.table.forEachRow((row) => {
      if (!headLines.has(row.line)) look(row);
    });
  }

  const formats: ColumnFormats = { date: { order: null, date1904: req.date1904 }, dateReason: "", decimal: new Map(), decimalReason: new Map() };
  if (req.dateFormat) {
    formats.date = { ...req.dateFormat, date1904: req.date1904 };
    formats.dateReason = "given in the mapping file";
  } else {
    const r = dateVote.result();
    if (r.conflict) {
      throw new UsageError(
        `${req.table.file}: the dates mix day/month and month/day order (${r.evidence}).`,
        { file: req.table.file },
        "Set `date_format` in the mapping file (e.g. dd/mm/yyyy) and check the export.",
      );
    }
    formats.date = { order: r.order, date1904: req.date1904 };
    formats.dateReason = r.order ? r.evidence : "ISO or unambiguous dates only";
    const amb = ambiguousDate as { text: string; line: number } | null;
    if (!r.order && amb) {
      throw new UsageError(
        `${req.table.file}:${amb.line}: ambiguous dates: "${amb.text}" and every other date in the file can be read day/month or month/day.`,
        { file: req.table.file, line: amb.line },
        "Say which in a mapping file: `date_format: dd/mm/yyyy` (or mm/dd/yyyy) under the file's section.",
      );
    }
  }
  for (const [i, vote] of amountVotes) {
    if (req.decimal) {
      formats.decimal.set(i, req.decimal);
      formats.decimalReason.set(i, "given in the mapping file");
      continue;
    }
    const r = vote.result();
    formats.decimal.set(i, r.decimal ?? req.decimalHint.decimal);
    formats.decimalReason.set(i, r.decimal ? r.evidence : `no decisive value; ${req.decimalHint.why}`);
  }
  return formats;
}

export { cellText };
