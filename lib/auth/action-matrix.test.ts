import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getSqlite } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { getAuth } from "@/lib/auth/auth";
import { addComment } from "@/lib/comments/comments";
import { overrideTransition } from "@/lib/lifecycle/decisions";
import { requestTransition } from "@/lib/lifecycle/requests";
import { setAlias } from "@/lib/registry/aliases";
import { putArtifact } from "@/lib/registry/artifacts";
import { grantModelPermission } from "@/lib/registry/model-permissions";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { retireNow } from "@/lib/retirement/retirement";
import { abOnnx } from "@/lib/testing/ab-model";
import {
  ACTION_CALLERS,
  form,
  IN_PROCESS_ONLY,
  type ActionCaller,
  type ActionTargets,
} from "@/lib/testing/action-matrix";
import { makeUser } from "@/lib/testing/factories";
import { request } from "@/lib/testing/next-headers";
import { createToken } from "@/lib/tokens/tokens";
import { addSigningKey } from "@/lib/signing/trusted-keys";
import { createWebhook } from "@/lib/webhooks/webhooks";
import { ACTION_MATRIX, type Caller } from "./route-matrix";

// Every server action, found by walking app/ for "use server" modules (each must have an entry), and
// signing in and out called the way Next calls them
// (the caller known only from the request's session cookie) as nobody, an expired session, each
// role, the model's owner and another data scientist, on a fresh model each time, and checked
// against ACTION_MATRIX: a caller let through gets its change made, the others a refusal.
// Past 300 lines: the fixture every action runs on (model, versions, request, comment, webhook...)
// is built here.

vi.mock("next/headers", () => import("@/lib/testing/next-headers"));
vi.mock("next/cache", () => ({
  revalidatePath: () => {},
  revalidateTag: () => {},
  updateTag: () => {},
  refresh: () => {},
}));

const appRoot = path.resolve(__dirname, "../../app");
const PASSWORD = "test-password-1";

function actionModules(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return actionModules(full);
    return /\.tsx?$/.test(e.name) &&
      /^\s*["']use server["']/.test(fs.readFileSync(full, "utf8"))
      ? [full]
      : [];
  });
}

type Action = (...args: unknown[]) => Promise<unknown>;
type Fixture = ActionTargets & {
  granteeEmail: string;
  editorId: string;
  caller: Actor | null;
};

function freshPublicKey(): string {
  return generateKeyPairSync("ec", { namedCurve: "prime256v1" })
    .publicKey.export({ type: "spki", format: "pem" })
    .toString();
}

// The arguments of the actions called here (IN_PROCESS_ONLY), as their forms send them; the
// others' are in e2e/action-matrix.spec.ts, which calls them through the running server.
const ARGS: Record<string, (fx: Fixture) => unknown[]> = {
  signInAction: () => [
    null,
    form({
      email: "signin-target@test.local",
      password: PASSWORD,
      next: "/models",
    }),
  ],
  signOutAction: () => [],
};

async function sessionCookie(email: string): Promise<string> {
  const res = await getAuth().api.signInEmail({
    body: { email, password: PASSWORD },
    asResponse: true,
  });
  // The session token alone, as the browser sends it once the 60-second cookie cache has lapsed.
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .filter((c) => c?.startsWith("stageline.session_token="))
    .join("; ");
}

describe("the permissions matrix for server actions", () => {
  const callers = {} as Record<Exclude<Caller, "anonymous">, Actor>;
  const cookies = {} as Record<ActionCaller, string>;
  let admin: Actor;

  beforeAll(async () => {
    admin = await makeUser("admin");
    callers.admin = admin;
    callers.owner = await makeUser("data_scientist");
    callers.editor = await makeUser("data_scientist");
    callers.data_scientist = await makeUser("data_scientist");
    callers.reviewer = await makeUser("reviewer");
    callers.manager = await makeUser("manager");
    for (const [who, actor] of Object.entries(callers))
      cookies[who as ActionCaller] = await sessionCookie(actor.email);
    cookies.anonymous = "";
    const lapsed = await makeUser("data_scientist");
    cookies.expired = await sessionCookie(lapsed.email);
    getSqlite()
      .prepare("update session set expires_at = ? where user_id = ?")
      .run(Date.now() - 1000, lapsed.id);
    await makeUser("reviewer", { email: "signin-target@test.local" });
  });

  it(
    "finds every action, and each lets through exactly the callers it names",
    { timeout: 120_000 },
    async () => {
      const actions: [string, Action][] = [];
      for (const file of actionModules(appRoot)) {
        const mod = (await import(file)) as Record<string, unknown>;
        const id = path
          .relative(appRoot, file)
          .replace(/\.tsx?$/, "")
          .split(path.sep)
          .join("/");
        for (const [exported, fn] of Object.entries(mod))
          if (typeof fn === "function")
            actions.push([`${id}#${exported}`, fn as Action]);
      }
      // A new action without an entry (or an entry for an action that is gone) fails here.
      expect(actions.map(([key]) => key).sort()).toEqual(
        Object.keys(ACTION_MATRIX).sort(),
      );

      const failures: string[] = [];
      let n = 0;
      // The others are called through the running server (e2e/action-matrix.spec.ts); signing in and
      // out are called here, where better-auth's per-address sign-in limit and shared sessions are not.
      for (const [key, action] of actions.filter(([k]) =>
        IN_PROCESS_ONLY.includes(k),
      )) {
        const exported = key.split("#")[1] as string;
        const args = ARGS[exported];
        if (!args) {
          failures.push(`${key}: no arguments written for it in this test`);
          continue;
        }
        for (const who of ACTION_CALLERS) {
          const fx = await fixture(
            `act-${++n}`,
            exported,
            who === "anonymous" || who === "expired" ? null : callers[who],
          );
          request.headers = new Headers(
            cookies[who] ? { cookie: cookies[who] } : {},
          );
          // An expired session counts as no session at all.
          const allowed = (ACTION_MATRIX[key] as ActionCaller[]).includes(
            who === "expired" ? "anonymous" : who,
          );
          const outcome = await run(action, args(fx));
          // Signing out ends the caller's session: the next action gets a fresh one.
          if (
            exported === "signOutAction" &&
            who !== "anonymous" &&
            who !== "expired"
          )
            cookies[who] = await sessionCookie(callers[who].email);
          const refused =
            outcome.error !== undefined &&
            /may not|session has ended|only (edit|delete) your own|only the requester|sign in/i.test(
              outcome.error,
            );
          if (allowed && outcome.error !== undefined)
            failures.push(
              `${key} as ${who}: should be let through, got "${outcome.error}"`,
            );
          if (!allowed && !refused)
            failures.push(
              `${key} as ${who}: should be refused, got ${outcome.error === undefined ? "success" : `"${outcome.error}"`}`,
            );
          if (
            (who === "anonymous" || who === "expired") &&
            !allowed &&
            !/session has ended/i.test(outcome.error ?? "")
          )
            failures.push(
              `${key} as ${who}: expected "session has ended", got "${outcome.error ?? "success"}"`,
            );
        }
      }
      expect(failures).toEqual([]);
    },
  );

  // A model owned by `owner` with three versions (1 in production, 2 in development, 3 retired
  // and restorable), an unprotected alias, a tag, an open request and a comment by the owner; and where the
  // action needs them, a webhook, a user to change or a token of the caller's own.
  async function fixture(
    name: string,
    action: string,
    caller: Actor | null,
  ): Promise<Fixture> {
    const owner = callers.owner;
    createModel(owner, { name, tags: { team: "perm" } });
    grantModelPermission(owner, name, {
      email: callers.editor.email,
      level: "edit",
    });
    for (let i = 0; i < 3; i++) createVersion(owner, name, {});
    // Files go in before review: a version's content is frozen once it leaves Development.
    if (action === "deployAction")
      await putArtifact(
        owner,
        name,
        "1",
        "model.onnx",
        Readable.from([abOnnx()]),
      );
    // A model with a production version cannot be deleted; a rollback needs an earlier one.
    if (action !== "deleteModelAction")
      overrideTransition(admin, name, 1, {
        to_stage: "production",
        reason: "fixture for the matrix",
      });
    if (action === "rollbackAction")
      overrideTransition(admin, name, 2, {
        to_stage: "production",
        reason: "fixture for the matrix",
      });
    const retirementId = retireNow(admin, name, 3, {
      category: "no_longer_needed",
      reason: "fixture for restore",
    }).id;
    setAlias(owner, name, "challenger", 1);
    const requestId = requestTransition(owner, name, 1, {
      to_stage: action === "rollbackAction" ? "staging" : "archived",
    }).id;
    const commentId = addComment(owner, name, 1, "first").id;
    // The rest only for the actions that use it (a user costs a password hash).
    const webhookId = /Webhook|sendTest/.test(action)
      ? (
          await createWebhook(admin, {
            url: "http://127.0.0.1:1/hook",
            events: ["*"],
          })
        ).id
      : 0;
    const tokenId =
      action === "revokeTokenAction"
        ? createToken(caller ?? admin, { name: "to-revoke" }).summary.id
        : 0;
    const userId = /Role|Active/.test(action)
      ? (await makeUser("data_scientist")).id
      : "";
    const signingKeyId =
      action === "revokeSigningKeyAction"
        ? addSigningKey(admin, {
            name: `ci-${name}`,
            public_key: freshPublicKey(),
          }).id
        : 0;
    return {
      granteeEmail: callers.data_scientist.email,
      editorId: callers.editor.id,
      name,
      requestId,
      commentId,
      webhookId,
      retirementId,
      tokenId,
      userId,
      signingKeyId,
      // Only the actions called here need a fixture; none of them acts on a deployment or a rule.
      deploymentId: 0,
      ruleId: 0,
      caller,
    };
  }
});

/** Calls an action as Next would: its success is a result with ok:true or a thrown redirect (where
 *  it sends the person on), its refusal a result with ok:false; anything else is neither. */
async function run(
  action: Action,
  args: unknown[],
): Promise<{ error?: string }> {
  try {
    const result = (await action(...args)) as
      { ok?: boolean; error?: string } | undefined;
    if (result?.ok === true) return {};
    return {
      error:
        result?.ok === false
          ? (result.error ?? "failed")
          : `returned ${JSON.stringify(result)}, not ok:true`,
    };
  } catch (error) {
    if (
      error instanceof Error &&
      "digest" in error &&
      String((error as { digest: unknown }).digest).startsWith("NEXT_REDIRECT")
    )
      return {};
    return { error: `threw ${String(error)}` };
  }
}
