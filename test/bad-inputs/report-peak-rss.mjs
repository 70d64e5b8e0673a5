// Preloaded with `node --import` by test/e2e/hostile-files.test.ts: on exit, writes the
// process's peak resident set size (KiB) to the file named by RELANCE_TEST_RSS_FILE, so a
// test can bound the memory a hostile input makes the CLI use. Test-only; src/ never reads it.
// Linux: VmHWM of /proc/self/status, the high-water mark of this program's own memory
// (getrusage's maxrss also counts the parent's memory at fork time).
import { readFileSync, writeFileSync } from "node:fs";

function peakKib() {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Number(hwm[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

const target = process.env.RELANCE_TEST_RSS_FILE;
if (target) process.on("exit", () => writeFileSync(target, String(peakKib())));
