import path from "node:path";
import { DEMO_ACCOUNTS } from "../db/demo-accounts";
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
