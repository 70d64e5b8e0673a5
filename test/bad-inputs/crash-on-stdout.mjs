// Preloaded with `node --import` by test/e2e/bad-inputs.test.ts: makes every write to
// stdout throw a plain Error, the way a bug would, so that the CLI's error boundary for
// internal errors can be tested on the real binary without a test hook in src/.
process.stdout.write = () => {
  throw new Error("stdout failed (simulated by test/bad-inputs/crash-on-stdout.mjs)");
};
