/**
 * Rounding half away from zero to a number of decimals, for outputs. The value is first
 * read to 15 significant digits, which undoes the binary noise of one division (2.345 is
 * stored as 2.34499…), so a value exactly on a half rounds away from zero as it should.
 */
export function roundHalfAway(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  // Fast path, same result: far enough from a half that reading to 15 digits (a relative
  // change under 1e-15, so under 1e-6 of a unit of the last decimal below 1e9) cannot
  // move the value across it. Every metric of a large run goes through here.
  const unit = 10 ** decimals;
  const scaled = Math.abs(value) * unit;
  if (scaled < 1e9) {
    const floor = Math.floor(scaled);
    const frac = scaled - floor;
    if (Math.abs(frac - 0.5) > 1e-5) {
      const rounded = (frac > 0.5 ? floor + 1 : floor) / unit;
      return rounded === 0 ? 0 : value < 0 ? -rounded : rounded;
    }
  }
  return roundHalfAwayByText(value, decimals);
}

/** The exact method, as text: the value to 15 significant digits, rounded on its digits. */
export function roundHalfAwayByText(value: number, decimals: number): number {
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
