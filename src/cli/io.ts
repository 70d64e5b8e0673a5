/**
 * The CLI's only window on the terminal: data to stdout, messages to stderr, colour only
 * when stderr is a terminal and NO_COLOR is unset. Injectable so tests capture both.
 */
import { Chalk, type ChalkInstance } from "chalk";

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  colour: ChalkInstance;
  quiet: boolean;
  verbose: boolean;
  /** stdout is a terminal (tables) rather than a pipe (machine formats) */
  outIsTty: boolean;
  /** stderr is a terminal: progress may be shown (never in a log or a pipe) */
  errIsTty?: boolean;
}

export function processIo(): Io {
  const colourOn = Boolean(process.stderr.isTTY) && !("NO_COLOR" in process.env);
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    colour: new Chalk({ level: colourOn ? 1 : 0 }),
    quiet: false,
    verbose: false,
    outIsTty: Boolean(process.stdout.isTTY),
    errIsTty: Boolean(process.stderr.isTTY),
  };
}

/** Text on stdout, whole or in pieces as they are made (stdout is written synchronously to files and pipes). */
export function outText(io: Io, text: string | Iterable<string>): void {
  if (typeof text === "string") io.out(text);
  else for (const piece of text) io.out(piece);
}
