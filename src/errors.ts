/**
 * Typed errors, mapped to exit codes by the single error boundary in cli/main.ts.
 * Stages throw these; nothing below the CLI prints or exits.
 */

/** Exit codes of the contract (spec/cli.md). */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  data: 3,
} as const;

export interface Location {
  file: string;
  line?: number;
  column?: number | string;
}

/** `file:line:column` (or as much of it as is known). */
export function formatLocation(loc: Location): string {
  let text = loc.file;
  if (loc.line !== undefined) text += `:${loc.line}`;
  if (loc.column !== undefined) text += typeof loc.column === "number" ? `:${loc.column}` : ` (column "${loc.column}")`;
  return text;
}

/** An error the user can fix; its message says what, where and how. */
export abstract class RelanceError extends Error {
  abstract readonly exitCode: number;
  constructor(
    message: string,
    readonly location?: Location,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad option, unreadable or invalid matrix/mapping, missing file, required column not found: exit 2. */
export class UsageError extends RelanceError {
  readonly exitCode = ExitCode.usage;
}

/** Input data that cannot be used at all (or rejected rows under --strict): exit 3. */
export class DataError extends RelanceError {
  readonly exitCode = ExitCode.data;
}
