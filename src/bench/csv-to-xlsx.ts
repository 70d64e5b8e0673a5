/**
 * The benchmark's XLSX inputs: a generated CSV export written again as a one-sheet .xlsx
 * the way an accounting package's Excel export is, with typed cells (ISO dates as dates with
 * a date format, plain decimal numbers as numbers, the rest as text in shared strings).
 * Read back, it must give the same metrics as the CSV (the bench compares the outputs).
 */
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import Papa from "papaparse";

/** one style object for every date cell: exceljs renders a style once per object */
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: "dd/mm/yyyy" };
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** no leading zeros (ids such as 0042 stay text), at most one decimal point */
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

function typed(text: string): string | number | Date | null {
  if (text === "") return null;
  const day = ISO_DAY.exec(text);
  if (day) return new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  if (PLAIN_NUMBER.test(text)) return Number(text);
  return text;
}

/** Writes `csv` (UTF-8, comma-separated, header first) as the sheet "Export" of `xlsx`. */
export async function csvToXlsx(csv: string, xlsx: string): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useStyles: true, useSharedStrings: true });
  const sheet = workbook.addWorksheet("Export");
  let rows = 0;
  Papa.parse<string[]>(readFileSync(csv, "utf8"), {
    header: false,
    skipEmptyLines: true,
    step: (result) => {
      const cells = result.data;
      const values = rows === 0 ? cells : cells.map(typed);
      const row = sheet.addRow(values);
      if (rows > 0) {
        values.forEach((v, i) => {
          if (v instanceof Date) row.getCell(i + 1).style = DATE_STYLE;
        });
      }
      row.commit();
      rows++;
    },
  });
  sheet.commit();
  await workbook.commit();
  return rows;
}
