/**
 * Rounding half away from zero to a number of decimals, for outputs. The value is first
 * read to 15 significant digits, which undoes the binary noise of one division (2.345 is
 * stored as 2.34499…), so a value exactly on a half rounds away from zero as it should.
 */
export function roundHalfAway(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  const [mantissa, exponent] = value.toPrecision(15).split("e") as [string, string | undefined];
  const negative = mantissa.startsWith("-");
  const digits = negative ? mantissa.slice(1) : mantissa;
  const shift = decimals + (exponent ? Number(exponent) : 0);
  // move the decimal point `shift` places right, as text
  const [int, frac = ""] = digits.split(".");
  const all = int! + frac;
  const point = int!.length + shift;
  const whole = point <= 0 ? "0" : all.slice(0, point).padEnd(point, "0");
  const next = point < 0 ? 0 : Number(all[point] ?? "0");
  let scaled = BigInt(whole) + (next >= 5 ? 1n : 0n);
  if (negative) scaled = -scaled;
  const result = Number(scaled) / 10 ** decimals;
  return result === 0 ? 0 : result;
}
