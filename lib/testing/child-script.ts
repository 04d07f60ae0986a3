// Real second processes for the multiprocess tests: a script under lib/**/testing/ run by this very
// Node with tsx's loader (the tsx CLI would run the script in a grandchild, which a SIGKILL would
// miss) and the react-server condition the server code is written for.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/**
 * Starts `script` (a path from the repository root) with `args`, in this process's environment
 * with `env` over it; its stdout is piped to the caller, its stderr shown in the test's output.
 */
export function spawnScript(
  script: string,
  args: (string | number)[] = [],
  env: Record<string, string> = {},
): ChildProcess {
  return spawn(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      path.resolve(script),
      ...args.map(String),
    ],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] },
  );
}

/** Runs `script` to its end: its exit code and all it printed on stdout. */
export function runScript(
  script: string,
  args: (string | number)[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const proc = spawnScript(script, args, env);
    let out = "";
    proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    proc.once("exit", (code) => resolve({ code, out }));
  });
}
