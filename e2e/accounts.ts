import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../lib/demo/accounts";
import type { Role } from "../lib/roles";

export function account(role: Role) {
  const a = DEMO_ACCOUNTS.find((x) => x.role === role);
  if (!a) throw new Error(`no demo account for ${role}`);
  return a;
}

/** Signed-in browser state per role, written by global.setup.ts. */
export function stateFile(role: Role): string {
  return path.resolve(".e2e", "auth", `${role}.json`);
}

/** A page of a browser context of its own, signed in as the demo user of `role` (or with the saved
 *  storage state `state`). */
export async function pageAs(browser: Browser, role: Role, state?: string) {
  const context = await browser.newContext({
    storageState: state ?? stateFile(role),
  });
  return { context, page: await context.newPage() };
}

/** Creates an account of a test's own through the server CLI (`npm run cli -- user create`) on a data folder. */
export function createUserWithCli(
  dataDir: string,
  user: { email: string; password: string; role: Role },
): void {
  const cli = spawnSync(
    process.execPath,
    [
      path.resolve("node_modules/tsx/dist/cli.mjs"),
      "--conditions=react-server",
      "scripts/cli.ts",
      "user",
      "create",
      "--email",
      user.email,
      "--role",
      user.role,
      "--password",
      user.password,
    ],
    { env: { ...process.env, STAGELINE_DATA_DIR: dataDir }, encoding: "utf8" },
  );
  if (cli.status !== 0)
    throw new Error(`cli user create ${user.email}: ${cli.stderr}`);
}

/** Runs a server CLI command (`npm run cli -- ...`) on a data folder, as an operator on the host would. */
export function runCli(dataDir: string, args: string[]): string {
  const cli = spawnSync(
    process.execPath,
    [
      path.resolve("node_modules/tsx/dist/cli.mjs"),
      "--conditions=react-server",
      "scripts/cli.ts",
      ...args,
    ],
    { env: { ...process.env, STAGELINE_DATA_DIR: dataDir }, encoding: "utf8" },
  );
  if (cli.status !== 0) throw new Error(`cli ${args.join(" ")}: ${cli.stderr}`);
  return cli.stdout;
}
