// Every server action as every caller, through the running server (React's own form posts). Past
// 300 lines: one test over ACTION_MATRIX, with the per-action fixtures and forms it needs beside it.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { ACTION_MATRIX } from "../lib/auth/route-matrix";
import {
  ACTION_CALLERS,
  form,
  IN_PROCESS_ONLY,
  type ActionCaller,
  type ActionTargets,
} from "../lib/testing/action-matrix";
import { stateFile } from "./accounts";
import {
  type Callers,
  dataDir,
  enc,
  createdId,
  expectStatus,
  freshPublicKey,
  inLanes,
  makeCallers,
  ownedModel,
  QUIET_WEBHOOK,
  send,
  signInSession,
} from "./matrix-fixtures";

// The server actions' permission matrix on the running production build: each action of
// ACTION_MATRIX posted as Next's client posts it (to a page that ships it, with the Next-Action id
// from the build's server-reference manifest and its arguments encoded as React's encodeReply
// does), with the caller known only from its session cookie, as nobody, an expired session, each
// role, the model's owner, an editor and another data scientist, on a fixture of its own. A caller
// the matrix names must get the action's success (ok:true, or the redirect it sends a person on
// with); the others "You may not do this" (or their own refusal) or "Your session has ended".
// Signing in and out are left to lib/auth/action-matrix.test.ts: better-auth lets one address sign
// in 3 times per 10 s, and the whole suite is one address; signing the shared sessions out would
// sign the other specs out.
// Past 300 lines: one test, with the arguments of every action and React's reply encoding beside it.

type Arg = string | number | boolean | null | Record<string, string> | FormData;

const inDays = (d: number) =>
  new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);

/** An alert rule's form as the deployment page sends it. */
const RULE_FORM = {
  name: "matrix rule",
  metric: "latency_ms",
  aggregation: "p95",
  comparator: ">",
  threshold: "500",
  window_seconds: "60",
};

// The arguments each action gets, as its form or button would send them for the fixture.
const ARGS: Record<string, (fx: ActionTargets, c: Callers) => Arg[]> = {
  markAllReadAction: () => [],
  createTokenAction: () => [null, form({ name: "from-the-form" })],
  revokeTokenAction: (fx) => [fx.tokenId],
  createUserAction: (fx) => [
    null,
    form({
      email: `made-${fx.name}@example.com`,
      name: "Made",
      role: "reviewer",
      password: "a-long-password",
    }),
  ],
  changeRoleAction: (fx) => [fx.userId, "reviewer"],
  setActiveAction: (fx) => [fx.userId, false],
  savePolicyAction: (fx) => [
    null,
    form({ model: fx.name, stage: "staging", required_approvals: "2" }),
  ],
  createWebhookAction: () => [
    null,
    form({ url: "http://127.0.0.1:1/hook", events: "matrix.never" }),
  ],
  sendTestAction: (fx) => [fx.webhookId],
  toggleWebhookAction: (fx) => [fx.webhookId, false],
  addSigningKeyAction: (fx) => [
    null,
    form({ name: `ci-${fx.name}`, public_key: freshPublicKey() }),
  ],
  revokeSigningKeyAction: (fx) => [fx.signingKeyId],
  createModelAction: (fx) => [
    null,
    form({ name: `${fx.name}-new`, task: "regression" }),
  ],
  updateModelAction: (fx) => [fx.name, { use_case: "changed" }],
  updateDescriptionAction: (fx) => [fx.name, "changed"],
  setModelTagAction: (fx) => [fx.name, "team", "other"],
  deleteModelTagAction: (fx) => [fx.name, "team"],
  renameModelAction: (fx) => [fx.name, `${fx.name}-renamed`],
  deleteModelAction: (fx) => [fx.name],
  grantPermissionAction: (fx, c) => [
    fx.name,
    c.people.data_scientist.email,
    "edit",
  ],
  revokePermissionAction: (fx, c) => [fx.name, c.people.editor.id],
  setAliasAction: (fx) => [fx.name, "challenger", "2"],
  deleteAliasAction: (fx) => [fx.name, "challenger"],
  // champion is protected: moving it is a request.
  requestAliasAction: (fx) => [fx.name, "champion", "2"],
  createVersionAction: (fx) => [fx.name, null, form({ description: "new" })],
  updateVersionDescriptionAction: (fx) => [fx.name, 1, "changed"],
  requestTransitionAction: (fx) => [
    fx.name,
    2,
    null,
    form({ to_stage: "staging" }),
  ],
  cancelRequestAction: (fx) => [fx.name, 1, fx.requestId],
  overrideAction: (fx) => [
    fx.name,
    2,
    null,
    form({ to_stage: "staging", reason: "hotfix for an outage" }),
  ],
  rollbackAction: (fx) => [fx.name],
  deployAction: (fx) => [fx.name, 1, null, form({ environment: "canary" })],
  recordExternalDeploymentAction: (fx) => [
    fx.name,
    1,
    null,
    form({
      environment: "shadow",
      endpoint_url: "https://ml.example.com/predict",
      platform: "KServe",
    }),
  ],
  stopDeploymentAction: (fx) => [fx.name, 1, fx.deploymentId],
  setVersionTagAction: (fx) => [fx.name, 1, "team", "other"],
  deleteVersionTagAction: (fx) => [fx.name, 1, "team"],
  createRuleAction: (fx) => [fx.deploymentId, null, form(RULE_FORM)],
  updateRuleAction: (fx) => [
    fx.deploymentId,
    fx.ruleId,
    null,
    form({ ...RULE_FORM, threshold: "900" }),
  ],
  silenceRuleAction: (fx) => [fx.deploymentId, fx.ruleId, 60],
  unsilenceRuleAction: (fx) => [fx.deploymentId, fx.ruleId],
  setRuleActiveAction: (fx) => [fx.deploymentId, fx.ruleId, false],
  addCommentAction: (fx) => [fx.name, 1, null, form({ body: "looks fine" })],
  editCommentAction: (fx) => [fx.name, 1, fx.commentId, "edited"],
  deleteCommentAction: (fx) => [fx.name, 1, fx.commentId],
  requestRetirementAction: (fx) => [
    fx.name,
    2,
    null,
    form({
      category: "no_longer_needed",
      reason: "nobody calls it any more",
      sunset_date: inDays(30),
    }),
  ],
  retireNowAction: (fx) => [
    fx.name,
    2,
    null,
    form({ reason: "leaked training data" }),
  ],
  restoreRetirementAction: (fx) => [
    fx.retirementId,
    fx.name,
    3,
    null,
    form({ reason: "retired by mistake" }),
  ],
};

/** The body React's encodeReply makes of the arguments: a JSON array, or, when a FormData is among
 *  them, a multipart form whose part "0" is that array with each FormData as "$K<n>" and its
 *  entries as parts "_<n>_<key>". */
async function encodeReply(
  args: Arg[],
): Promise<{ body: Buffer; type: string }> {
  const parts = new FormData();
  let next = 1;
  const root = args.map((a) => {
    if (!(a instanceof FormData))
      return typeof a === "string" && a.startsWith("$") ? `$${a}` : a;
    const id = next++;
    a.forEach((value, key) => parts.append(`_${id}_${key}`, value));
    return `$K${id.toString(16)}`;
  });
  if (next === 1)
    return {
      body: Buffer.from(JSON.stringify(root)),
      type: "text/plain;charset=UTF-8",
    };
  parts.set("0", JSON.stringify(root));
  const encoded = new Response(parts);
  return {
    body: Buffer.from(await encoded.arrayBuffer()),
    type: encoded.headers.get("content-type") ?? "",
  };
}

/** The action's outcome from Next's answer: a redirect, or the row the answer's "a" refers to. */
function outcomeOf(res: { status: number; text: string; headers: Headers }): {
  ok?: boolean;
  error?: string;
  redirect?: string;
} {
  const redirect = res.headers.get("x-action-redirect");
  if (redirect) return { redirect };
  const ref = /^0:\{"a":"\$@([0-9a-f]+)"/m.exec(res.text)?.[1];
  const row = ref
    ? new RegExp(`^${ref}:(.*)$`, "m").exec(res.text)?.[1]
    : undefined;
  try {
    return row
      ? (JSON.parse(row) as { ok?: boolean; error?: string })
      : { error: `HTTP ${res.status}: ${res.text.slice(0, 160)}` };
  } catch {
    return { error: `HTTP ${res.status}: ${row?.slice(0, 160) ?? ""}` };
  }
}

test("every server action lets through exactly the callers the matrix names, with its success, on the running server", async ({
  baseURL,
}) => {
  test.setTimeout(300_000);
  const manifest = JSON.parse(
    fs.readFileSync(
      path.resolve(".next/server/server-reference-manifest.json"),
      "utf8",
    ),
  ) as {
    node: Record<
      string,
      {
        workers: Record<string, unknown>;
        filename?: string;
        exportedName?: string;
      }
    >;
  };
  const shipped = new Map<string, { id: string; page: string }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.filename?.startsWith("app/") || !entry.exportedName) continue;
    const key = `${entry.filename.slice(4).replace(/\.tsx?$/, "")}#${entry.exportedName}`;
    // The page with the fewest parameters that ships the action.
    const page =
      Object.keys(entry.workers).sort(
        (a, b) =>
          a.split("[").length - b.split("[").length || a.length - b.length,
      )[0] ?? "";
    shipped.set(key, { id, page });
  }
  const keys = Object.keys(ACTION_MATRIX).filter(
    (k) => !IN_PROCESS_ONLY.includes(k),
  );
  for (const key of Object.keys(ACTION_MATRIX))
    expect(shipped.has(key), `${key} is in the build`).toBe(true);
  // And every action the build ships from an actions module is in the matrix (page-local closures,
  // named $$RSC_SERVER_ACTION_n by the compiler, call the services or the actions listed here).
  for (const key of shipped.keys())
    if (!key.includes("#$$RSC_SERVER_ACTION_"))
      expect(Object.keys(ACTION_MATRIX)).toContain(key);
  for (const key of keys)
    expect(
      ARGS[key.split("#")[1] ?? ""],
      `${key} has arguments written here`,
    ).toBeTruthy();

  const c = await makeCallers(baseURL ?? "", "act");
  const shared = (role: "admin" | "reviewer" | "manager" | "data_scientist") =>
    (
      JSON.parse(fs.readFileSync(stateFile(role), "utf8")) as {
        cookies: { name: string; value: string }[];
      }
    ).cookies
      .filter((k) => k.name === "stageline.session_token")
      .map((k) => `${k.name}=${k.value}`)
      .join("; ");
  const cookies: Record<ActionCaller, string> = {
    anonymous: "",
    expired: c.expiredCookie,
    admin: shared("admin"),
    reviewer: shared("reviewer"),
    manager: shared("manager"),
    // The demo data scientist: neither the owner nor an editor of the fixtures.
    data_scientist: shared("data_scientist"),
    owner: await signInSession(
      c.base,
      c.people.owner.email,
      c.people.owner.password,
    ),
    editor: await signInSession(
      c.base,
      c.people.editor.email,
      c.people.editor.password,
    ),
  };
  const demo = `/api/v1/models/penguins-sex/versions/3/artifacts`;
  const listed = await expectStatus<{ artifacts: { path: string }[] }>(
    200,
    send(c.base, "GET", demo, { bearer: c.people.admin.token }),
    "demo files",
  );
  const onnxPath =
    listed.artifacts.find((a) => a.path.endsWith(".onnx"))?.path ??
    "model.onnx";
  const onnx = await download(
    `${c.base}${demo}/${onnxPath.split("/").map(enc).join("/")}`,
    c.people.admin.token,
  );
  const db = new Database(path.join(dataDir, "stageline.db"), {
    readonly: true,
  });
  db.pragma("busy_timeout = 5000");
  const call = async (key: string, who: ActionCaller, fx: ActionTargets) => {
    const action = shipped.get(key);
    const args = ARGS[key.split("#")[1] ?? ""];
    if (!action || !args) throw new Error(`no action ${key}`);
    const url = `/${action.page
      .replace(/^app\//, "")
      .replace(/\/?page$/, "")
      .split("/")
      .filter((s) => !/^\(.*\)$/.test(s))
      .join("/")}`
      .replace("[name]", enc(fx.name))
      .replace("[version]", "1")
      .replace("[id]", String(fx.deploymentId));
    const { body, type } = await encodeReply(args(fx, c));
    const res = await send(
      c.base,
      "POST",
      url,
      { cookie: cookies[who] },
      body,
      {
        "Next-Action": action.id,
        Accept: "text/x-component",
        "Content-Type": type,
      },
    );
    return outcomeOf(res);
  };

  let n = 0;
  // A model owned by `owner` (editor granted edit) with three versions (1 in production, 2 in
  // development, 3 retired and restorable), an unprotected alias, a tag, an open request and a
  // comment by the owner; and where the action needs them, a webhook, a user to change, a token of
  // the caller's own, a signing key.
  const fixture = async (
    action: string,
    who: ActionCaller,
  ): Promise<ActionTargets> => {
    const owner = { bearer: c.people.owner.token };
    const admin = { bearer: c.people.admin.token };
    const s = (
      method: string,
      url: string,
      creds: { bearer: string },
      b?: unknown,
    ) => send(c.base, method, url, creds, b);
    const name = `act-${Date.now().toString(36)}-${++n}`;
    const m = await ownedModel(c, name);
    for (let i = 1; i <= 3; i++)
      await expectStatus(
        201,
        s("POST", `${m}/versions`, owner, {}),
        `version ${i}`,
      );
    // The built-in endpoint serves ONNX: the demo's penguin classifier, as downloaded.
    if (action === "deployAction")
      await expectStatus(
        201,
        s("PUT", `${m}/versions/1/artifacts/model.onnx`, owner, onnx),
        "artifact",
      );
    // A model with a production version cannot be deleted; a rollback needs an earlier one.
    const prod =
      action === "deleteModelAction"
        ? []
        : action === "rollbackAction"
          ? [1, 2]
          : [1];
    for (const v of prod)
      await expectStatus(
        201,
        s("POST", `${m}/versions/${v}/override`, admin, {
          to_stage: "production",
          reason: "fixture for the matrix",
        }),
        "production",
      );
    // Filled in as it is made: the fixture actions below see what exists so far.
    const fx: ActionTargets = {
      name,
      requestId: 0,
      commentId: 0,
      webhookId: 0,
      retirementId: await createdId(
        s("POST", `${m}/versions/3/retirement`, admin, {
          immediate: true,
          category: "no_longer_needed",
          reason: "fixture for restore",
        }),
        "retired",
      ),
      tokenId: 0,
      userId: "",
      signingKeyId: 0,
      deploymentId: 0,
      ruleId: 0,
    };
    await expectStatus(
      200,
      s("PUT", `${m}/aliases/challenger`, owner, { version: 1 }),
      "alias",
    );
    fx.requestId = await createdId(
      s("POST", `${m}/versions/1/transition-requests`, owner, {
        to_stage: action === "rollbackAction" ? "staging" : "archived",
      }),
      "request",
    );
    if (/Comment/.test(action) && action !== "addCommentAction") {
      const made = await call(
        "(app)/models/lifecycle-actions#addCommentAction",
        "owner",
        { ...fx },
      );
      if (made.ok !== true)
        throw new Error(`fixture comment: ${JSON.stringify(made)}`);
      fx.commentId = (
        db
          .prepare(
            "select c.id from comments c join model_versions v on v.id = c.version_id join registered_models m on m.id = v.model_id where m.name = ? order by c.id desc",
          )
          .get(name) as { id: number }
      ).id;
    }
    // The deployment page's actions and a stop act on an external deployment of version 1, the
    // rule actions on a rule of its own there; the version-tag actions on a tag of version 1.
    if (/Rule|stopDeployment/.test(action))
      fx.deploymentId = await createdId(
        s("POST", `${m}/deployments`, owner, {
          version: 1,
          environment: "canary",
          target: "external",
          endpoint_url: "https://ml.example.com/predict",
        }),
        "deployment",
      );
    if (/Rule/.test(action) && action !== "createRuleAction")
      fx.ruleId = await createdId(
        s("POST", "/api/v1/alert-rules", owner, {
          name: "fixture rule",
          deployment_id: fx.deploymentId,
          metric: "latency_ms",
          aggregation: "p95",
          comparator: ">",
          threshold: 500,
          window_seconds: 60,
        }),
        "rule",
      );
    if (action === "deleteVersionTagAction")
      await expectStatus(
        200,
        s("PUT", `${m}/versions/1/tags/team`, owner, { value: "perm" }),
        "version tag",
      );
    if (/Webhook|sendTest/.test(action))
      fx.webhookId = await createdId(
        s("POST", "/api/v1/webhooks", admin, QUIET_WEBHOOK),
        "webhook",
      );
    if (action === "revokeTokenAction") {
      // A token of the caller's own (nobody's own: the owner's).
      const holder =
        who === "anonymous" || who === "expired"
          ? { cookie: cookies.owner }
          : { cookie: cookies[who] };
      fx.tokenId = await createdId(
        send(c.base, "POST", "/api/v1/tokens", holder, { name: "to-revoke" }),
        "token",
      );
    }
    if (/Role|Active/.test(action)) {
      const email = `target-${name}@example.com`;
      const made = await call(
        "(app)/settings/users/actions#createUserAction",
        "admin",
        { ...fx, name: `${name}-t` },
      );
      if (made.ok !== true)
        throw new Error(`fixture user: ${JSON.stringify(made)}`);
      fx.userId =
        (
          db
            .prepare("select id from user where email = ?")
            .get(`made-${name}-t@example.com`) as { id: string } | undefined
        )?.id ?? email;
    }
    if (action === "revokeSigningKeyAction")
      fx.signingKeyId = await createdId(
        s("POST", "/api/v1/signing-keys", admin, {
          name: `ci-${name}`,
          public_key: freshPublicKey(),
        }),
        "key",
      );
    return fx;
  };

  const failures: string[] = [];
  await inLanes(keys, 3, async (key) => {
    const exported = key.split("#")[1] ?? "";
    // A caller let through gets a fixture of its own (its change must be made); the refused share one.
    let shared: ActionTargets | undefined;
    for (const who of ACTION_CALLERS) {
      // An expired session counts as no session at all.
      const allowed = (ACTION_MATRIX[key] as ActionCaller[]).includes(
        who === "expired" ? "anonymous" : who,
      );
      const fx = allowed
        ? await fixture(exported, who)
        : (shared ??= await fixture(exported, who));
      const outcome = await call(key, who, fx);
      const success = outcome.ok === true || outcome.redirect !== undefined;
      const refused =
        outcome.ok === false &&
        /may not|session has ended|only (edit|delete) your own|only the requester|sign in/i.test(
          outcome.error ?? "",
        );
      if (allowed && !success)
        failures.push(
          `${key} as ${who}: should succeed, got ${JSON.stringify(outcome).slice(0, 200)}`,
        );
      if (!allowed && !refused)
        failures.push(
          `${key} as ${who}: should be refused, got ${JSON.stringify(outcome).slice(0, 200)}`,
        );
      if (
        (who === "anonymous" || who === "expired") &&
        !allowed &&
        !/session has ended/i.test(outcome.error ?? "")
      )
        failures.push(
          `${key} as ${who}: expected "session has ended", got ${JSON.stringify(outcome).slice(0, 200)}`,
        );
    }
  });
  db.close();
  expect(failures).toEqual([]);
});

async function download(url: string, token: string): Promise<Buffer> {
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`download ${url}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}
