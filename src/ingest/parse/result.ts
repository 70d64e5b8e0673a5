/** The outcome of parsing one cell: a value, or a reason a user can act on. Parsers never throw. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
/** The outcome of an empty cell, shared (never mutated): no object per empty cell of a large export. */
export const OK_NULL: Parsed<null> = Object.freeze({ ok: true, value: null }) as Parsed<null>;
export const fail = <T = never>(reason: string): Parsed<T> => ({ ok: false, reason });
