/**
 * Which of `;` `,` TAB `|` separates the fields: the candidate that appears the same
 * number of times, outside quotes, on the most of the first lines. Title rows of
 * report-style exports have none, so they lower every candidate alike.
 */
export const DELIMITERS = [";", "\t", ",", "|"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface DelimiterChoice {
  delimiter: Delimiter;
  reason: string;
}

const SAMPLE_LINES = 40;

export function sniffDelimiter(text: string): DelimiterChoice {
  const counts = new Map<Delimiter, number[]>(DELIMITERS.map((d) => [d, []]));
  let inQuotes = false;
  const current = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let lines = 0;
  let lineHasContent = false;
  for (let i = 0; i < text.length && lines < SAMPLE_LINES; i++) {
    const c = text[i]!;
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === "\n" || c === "\r")) {
      if (lineHasContent) {
        for (const d of DELIMITERS) counts.get(d)!.push(current.get(d)!);
        lines++;
      }
      for (const d of DELIMITERS) current.set(d, 0);
      lineHasContent = false;
    } else if (!inQuotes && current.has(c as Delimiter)) {
      current.set(c as Delimiter, current.get(c as Delimiter)! + 1);
      lineHasContent = true;
    } else if (c !== " ") lineHasContent = true;
  }
  if (lineHasContent) for (const d of DELIMITERS) counts.get(d)!.push(current.get(d)!);

  let best: { d: Delimiter; lines: number; per: number } | null = null;
  for (const d of DELIMITERS) {
    const [per, lines] = mode(counts.get(d)!);
    if (per === 0) continue;
    if (!best || lines > best.lines || (lines === best.lines && per > best.per)) best = { d, lines, per };
  }
  if (!best) return { delimiter: ",", reason: "no delimiter found on the first lines (one column), comma assumed" };
  const name = best.d === "\t" ? "tab" : `"${best.d}"`;
  return { delimiter: best.d, reason: `${name} appears ${best.per} times on ${best.lines} of the first lines` };
}

/** [most frequent non-zero value, how many times]. */
function mode(values: number[]): [number, number] {
  const freq = new Map<number, number>();
  for (const v of values) if (v > 0) freq.set(v, (freq.get(v) ?? 0) + 1);
  let best: [number, number] = [0, 0];
  for (const [v, n] of freq) if (n > best[1] || (n === best[1] && v > best[0])) best = [v, n];
  return best;
}
