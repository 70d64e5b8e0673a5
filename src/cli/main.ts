/**
 * The `relance` command line: declarations only. Each command parses its options and calls
 * a handler; one error boundary below maps typed errors to the contract's exit codes.
 */
import { Command, CommanderError, Option } from "commander";
import { ExitCode, RelanceError } from "../errors.js";
import { processIo, type Io } from "./io.js";
import { limitHeapGrowth } from "./heap-growth.js";
import { addFormatOptions, addInputOptions } from "./inputs.js";

const VERSION = "0.1.0";

export async function main(argv: string[], injected?: Io): Promise<number> {
  const io = injected ?? processIo();
  if (!injected) {
    guardProcess(argv, io);
    limitHeapGrowth();
  }
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return (program as Command & { exitCodeOverride?: number }).exitCodeOverride ?? ExitCode.ok;
  } catch (error) {
    return handleError(error, io, argv);
  }
}

/**
 * Errors that escape the promise chain (a stream's 'error' event, a stray rejection) go
 * through the same boundary instead of Node's stack dump. A reader that closes the pipe
 * early (`relance metrics … | head`) is not an error: the output simply stops.
 */
function guardProcess(argv: string[], io: Io): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? ExitCode.ok);
    process.exit(handleError(error, { ...io, out: () => {} }, argv));
  });
  const fatal = (error: unknown) => process.exit(handleError(error, io, argv));
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
}

function buildProgram(io: Io): Command {
  const program = new Command("relance")
    .description("Turns accounting exports into a month of credit-management work.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => {} })
    .showHelpAfterError("(relance --help lists the commands and options)");

  const common = (cmd: Command) =>
    cmd
      .option("--quiet", "less on stderr")
      .option("--verbose", "more on stderr: every rejected row and warning")
      .hook("preAction", (c) => {
        io.quiet = Boolean(c.opts().quiet);
        io.verbose = Boolean(c.opts().verbose);
      });

  common(
    program
      .command("inspect")
      .description("show how an export is read: encoding, delimiter, header row, column mapping, formats, counts, samples, problems")
      .argument("<file>", "an export (.csv, .txt, .tsv, .xlsx, or a FEC)")
      .addOption(new Option("--role <role>", "what the file holds (default: guessed)").choices(["customers", "invoices", "payments"]))
      .option("--mapping <file>", "YAML column mapping / import profile")
      .option("--sheet <name>", "worksheet of an .xlsx file (default: the first)")
      .option("--as-of <date>", "the day the run stands on, YYYY-MM-DD (default: today)")
      .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text")),
  ).action(async (file: string, opts) => {
    const { inspect } = await import("./commands/inspect.js");
    await inspect(file, opts, io);
  });

  common(
    addInputOptions(program.command("run").description("the monthly job: metrics, segments, actions, reminder drafts, workbook"))
      .addOption(new Option("--format <format>", "xlsx (default) writes the workbook; csv and json write the action list").choices(["xlsx", "csv", "json"]))
      .option("--out <file>", "output file (default relance-<as-of>.xlsx; stdout for csv/json)")
      .option("--horizon <days>", "also plan the steps falling due within this many days (default 0)")
      .option("--previous <file>", "last run's workbook: what was done, promised and commented carries over; segment changes are reported"),
  ).action(async (opts) => {
    const { run } = await import("./commands/run.js");
    await run(opts, io);
  });

  common(
    addFormatOptions(
      addInputOptions(program.command("metrics").description("per-customer payment-behaviour metrics (metrics.md) and the portfolio KPIs")),
      ["table", "csv", "json"],
    ),
  ).action(async (opts) => {
    const { metrics } = await import("./commands/metrics.js");
    await metrics(opts, io);
  });

  common(
    addFormatOptions(
      addInputOptions(program.command("segment").description("metrics plus the segment and the rule that placed each customer")),
      ["table", "csv", "json"],
    ),
  ).action(async (opts) => {
    const { segment } = await import("./commands/segment.js");
    await segment(opts, io);
  });

  common(
    addInputOptions(program.command("explain").description("why a customer is where it is: metrics, each class and rule tried, the segment and procedure"))
      .argument("<customer_id>", "the customer's id as in the exports")
      .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
      .option("--previous <file>", "last run's workbook, as for run: the action shown takes it into account"),
  ).action(async (customerId: string, opts) => {
    const { explain } = await import("./commands/explain.js");
    await explain(customerId, opts, io);
  });

  common(
    program.command("validate").description("check a segmentation matrix; every problem with file:line:column; exit 0 only if valid").argument("<matrix>", "a segments.yaml"),
  ).action(async (file: string) => {
    const { validate } = await import("./commands/validate.js");
    await validate(file, io);
  });

  common(
    program
      .command("init")
      .description("write a commented starter segments.yaml and a mapping-file template")
      .argument("[dir]", "folder to write them in", ".")
      .option("--force", "replace existing files"),
  ).action(async (dir: string, opts) => {
    const { init } = await import("./commands/init.js");
    await init(dir, opts, io);
  });

  common(
    program
      .command("demo")
      .description("run the monthly job on the bundled example exports (fixtures/) into ./relance-demo.xlsx")
      .option("--as-of <date>", "the day the run stands on (default: the fixtures' export day, 2026-10-31)"),
  ).action(async (opts) => {
    const { demo } = await import("./commands/demo.js");
    await demo(opts, io);
  });

  return program;
}

/** The single error boundary: a clear message and the contract's exit code, never a stack trace for bad input. */
export function handleError(error: unknown, io: Io, argv: readonly string[] = []): number {
  const c = io.colour;
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return ExitCode.ok;
    io.err(`${c.red("error:")} ${error.message.replace(/^error: /, "")}\n(relance --help lists the commands and options)\n`);
    return ExitCode.usage;
  }
  if (error instanceof RelanceError) {
    io.err(`${c.red("error:")} ${error.message}\n`);
    if (error.hint) io.err(`${c.dim("how to fix:")} ${error.hint}\n`);
    return error.exitCode;
  }
  // A bug: one paragraph the user can paste into a report; the stack only with --verbose.
  const e = error as Error | undefined;
  const message = (e instanceof Error ? e.message : String(error)).split("\n")[0] || "(no message)";
  const command = ["relance", ...argv].map(shellQuote).join(" ");
  io.err(
    `${c.red("internal error:")} ${message}\n` +
      `This is a bug in relance ${VERSION}, not in your data. Please report it with this message, the command\n` +
      `  ${command}\n` +
      (io.verbose
        ? "and the stack trace below.\n"
        : "and the output of the same command with --verbose added, which prints the stack trace.\n"),
  );
  if (io.verbose && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
  return ExitCode.internal;
}

/** An argument as a POSIX shell would need it written. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}
