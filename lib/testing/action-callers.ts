// Who the two server-action matrices call every action as (lib/auth/action-matrix.test.ts in
// process, e2e/action-matrix.spec.ts through the running server), in the order they go through
// them, and the actions that only the in-process one calls. A type and plain data: the e2e suite
// imports it too.
import type { Caller } from "@/lib/auth/route-matrix";

/** A caller of ACTION_MATRIX, or someone whose session has expired. */
export type ActionCaller = Caller | "expired";

export const ACTION_CALLERS: ActionCaller[] = [
  "anonymous",
  "expired",
  "manager",
  "reviewer",
  "data_scientist",
  "editor",
  "owner",
  "admin",
];

/**
 * Signing in and out, called in process only: through the server, better-auth lets one address
 * sign in 3 times per 10 s, and signing the shared sessions out would sign the other specs out.
 */
export const IN_PROCESS_ONLY = [
  "sign-in/actions#signInAction",
  "(app)/actions#signOutAction",
];
