/**
 * An integer sum that stays exact past 2^53: a plain number while it is safe, a BigInt
 * beyond (Σ amount × days of a large customer can get there).
 */
export class ExactSum {
  private small = 0;
  private big: bigint | null = null;

  /** Adds an integer. */
  add(value: number): void {
    if (this.big === null) {
      const next = this.small + value;
      if (Number.isSafeInteger(next)) {
        this.small = next;
        return;
      }
      this.big = BigInt(this.small);
    }
    this.big += BigInt(value);
  }

  /** Adds the product of two integers, exactly. */
  addProduct(a: number, b: number): void {
    const p = a * b;
    if (Number.isSafeInteger(p)) this.add(p);
    else this.big = (this.big ?? BigInt(this.small)) + BigInt(a) * BigInt(b);
  }

  /** The sum divided by `divisor`: one division, to double precision. */
  divide(divisor: number): number {
    if (this.big === null) return this.small / divisor;
    const d = BigInt(divisor);
    const q = this.big / d;
    return Number(q) + Number(this.big - q * d) / divisor;
  }
}
