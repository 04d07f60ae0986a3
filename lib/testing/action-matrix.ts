// What the two server-action matrices share (lib/auth/action-matrix.test.ts in process,
// e2e/action-matrix.spec.ts through the running server): who they call every action as, in the
// order they go through them, the actions that only the in-process one calls, the rows each call
// acts on, and how a form's fields reach an action. No services behind it: the e2e suite imports it.
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

/** The rows one call of an action acts on, made fresh for it: a model and what hangs off it. */
export type ActionTargets = {
  name: string;
  requestId: number;
  commentId: number;
  webhookId: number;
  retirementId: number;
  tokenId: number;
  userId: string;
  signingKeyId: number;
  /** An external deployment of version 1 and an alert rule on it, for the actions that act on them. */
  deploymentId: number;
  ruleId: number;
};

/** A form's fields as a server action receives them. */
export function form(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
}
