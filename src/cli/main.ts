/**
 * The `relance` command line: declarations only. Each command parses its options and calls
 * a handler; one error boundary below maps typed errors to the contract's exit codes.
 */
import { Command, CommanderError, Option } from "commander";
import { ExitCode, RelanceError } from "../errors.js";
import { processIo, type Io } from "./io.js";
import { addFormatOptions, addInputOptions } from "./inputs.js";

const VERSION = "0.1.0";

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return (program as Command & { exitCodeOverride?: number }).exitCodeOverride ?? ExitCode.ok;
  } catch (error) {
    return handleError(error, io);
  }
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
      .option("--horizon <days>", "also plan the steps falling due within this many days (default 0)"),
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
      .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text")),
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
export function handleError(error: unknown, io: Io): number {
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
  const e = error as Error;
  io.err(`${c.red("internal error:")} ${e?.message ?? String(error)}\nThis is a bug in relance, not in your data. Please report it with the command you ran${io.verbose ? "" : " and the output of the same command with --verbose"}.\n`);
  if (io.verbose && e?.stack) io.err(`${e.stack}\n`);
  return ExitCode.internal;
}

