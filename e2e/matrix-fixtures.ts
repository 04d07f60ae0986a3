// Callers and fixtures for the specs that drive every API route through the running server's request
// listener (route-matrix.spec.ts, bad-input.spec.ts): accounts of their own made with the server
// CLI, credentials made through the API, and per-route fixtures made through the API as a data
// scientist who owns the model. Plain fetch (no cookie jar, no redirects followed): each request
// carries exactly the credentials given.
// Past 300 lines: one fixture builder per kind of route, all used by both suites.
import { execFile } from "node:child_process";
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import type { Caller } from "../lib/auth/route-matrix";
import { ACTION_CALLERS } from "../lib/testing/action-matrix";
import { account, stateFile } from "./accounts";
import { signingBundle } from "./signing-bundle";

export const dataDir = path.resolve(".e2e/data");
export const enc = encodeURIComponent;
const run = promisify(execFile);

export type Creds = { bearer?: string; cookie?: string };
export type Answer = { status: number; text: string; headers: Headers };

/** One request to the running server with exactly these credentials, on a connection of its own (a
 *  reused keep-alive connection can race the server closing it while the suite is busy elsewhere). */
export async function send(
  base: string,
  method: string,
  url: string,
  creds: Creds = {},
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<Answer> {
  const headers: Record<string, string> = { Origin: base, ...extra };
  if (creds.bearer) headers.Authorization = `Bearer ${creds.bearer}`;
  if (creds.cookie) headers.Cookie = creds.cookie;
  let payload: Buffer | undefined;
  if (body !== undefined && method !== "GET") {
    payload = Buffer.isBuffer(body)
      ? body
      : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    headers["Content-Type"] ??= Buffer.isBuffer(body)
      ? "application/octet-stream"
      : "application/json";
    headers["Content-Length"] = String(payload.length);
  }
  const target = new URL(url, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path: `${target.pathname}${target.search}`,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const out = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined)
              for (const one of Array.isArray(v) ? v : [v]) out.append(k, one);
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            headers: out,
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** The request, which must answer `status`; the parsed JSON answer. */
export async function expectStatus<T = Record<string, unknown>>(
  status: number,
  pending: Promise<Answer>,
  what: string,
): Promise<T> {
  const res = await pending;
  if (res.status !== status)
    throw new Error(
      `fixture: ${what} answered ${res.status}, expected ${status}: ${res.text.slice(0, 300)}`,
    );
  return (res.text ? JSON.parse(res.text) : {}) as T;
}

/** The request, which must answer 201; the id of what it created. */
export async function createdId(
  pending: Promise<Answer>,
  what: string,
): Promise<number> {
  return (await expectStatus<{ id: number }>(201, pending, what)).id;
}

type Person = {
  email: string;
  password: string;
  id: string;
  token: string;
  cookie: string;
};

export type Callers = {
  base: string;
  people: Record<
    "admin" | "owner" | "editor" | "data_scientist" | "reviewer" | "manager",
    Person
  >;
  /** An admin's token with scope "read". */
  readToken: string;
  /** A token that was revoked, and the cookie of a session that has expired. */
  revokedToken: string;
  expiredCookie: string;
  /** A CI key the admin trusts, for signed bundles. */
  ciKey: { privateKey: KeyObject; pem: string };
};

/** A sign-in through the API. better-auth allows 3 per 10 s from one address (every test here is
 *  127.0.0.1), so a 429 waits as it says and tries again. */
async function signIn(
  base: string,
  email: string,
  password: string,
): Promise<{ token: string; cookie: string }> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { Origin: base, "Content-Type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (res.status === 429 && attempt < 5) {
      await new Promise((r) =>
        setTimeout(r, 1000 * Number(res.headers.get("retry-after") ?? "5")),
      );
      continue;
    }
    if (res.status !== 200)
      throw new Error(`sign-in ${email}: ${res.status} ${await res.text()}`);
    const { token } = (await res.json()) as { token: string };
    // The session token alone, as a browser sends it once the short-lived cookie cache has lapsed.
    const cookie = sessionOnly(
      res.headers.getSetCookie().map((c) => c.split(";")[0] ?? ""),
    );
    return { token, cookie };
  }
}

/** A session of its own for the account: the session cookie alone. */
export async function signInSession(
  base: string,
  email: string,
  password: string,
): Promise<string> {
  return (await signIn(base, email, password)).cookie;
}

function sessionOnly(pairs: string[]): string {
  return pairs
    .filter((c) => c.startsWith("stageline.session_token="))
    .join("; ");
}

function cli(args: string[]): Promise<string> {
  const tsx = [
    path.resolve("node_modules/tsx/dist/cli.mjs"),
    "--conditions=react-server",
    "scripts/cli.ts",
  ];
  return run(process.execPath, [...tsx, ...args], {
    env: { ...process.env, STAGELINE_DATA_DIR: dataDir },
  }).then((r) => r.stdout.trim());
}

/** A token made through the API with `creds` (which must answer 201): its secret and id. */
function newToken(
  base: string,
  creds: Creds,
  body: { name: string; scope?: string },
  what: string,
): Promise<{ token: string; id: number }> {
  return expectStatus<{ token: string; id: number }>(
    201,
    send(base, "POST", "/api/v1/tokens", creds, body),
    what,
  );
}

async function person(
  base: string,
  email: string,
  password: string,
  made: { cookie?: string; token?: string },
): Promise<Person> {
  const cookie = made.cookie ?? "";
  const token =
    made.token ??
    (
      await newToken(
        base,
        { cookie },
        { name: `matrix-${Date.now()}` },
        `token for ${email}`,
      )
    ).token;
  const { id } = await expectStatus<{ id: string }>(
    200,
    send(base, "GET", "/api/v1/me", { bearer: token }),
    `me for ${email}`,
  );
  return { email, password, id, token, cookie };
}

/** Three data scientists of the spec's own (the owner, an editor, another), made with the server CLI
 *  with a token each, and the demo admin, reviewer and manager with their global-setup sessions and
 *  a token each (no sign-in: better-auth's sign-in rate limit is shared by the whole suite). */
export async function makeCallers(base: string, tag: string): Promise<Callers> {
  const made = ["owner", "editor", "data_scientist"].map((who) => ({
    who,
    email: `${tag}-${who}-${Date.now()}@example.com`,
    password: `${tag}-password-${who}`,
  }));
  const entries = await Promise.all([
    ...(["admin", "reviewer", "manager"] as const).map(async (role) => {
      const state = JSON.parse(fs.readFileSync(stateFile(role), "utf8")) as {
        cookies: { name: string; value: string }[];
      };
      const cookie = sessionOnly(
        state.cookies.map((k) => `${k.name}=${k.value}`),
      );
      return [
        role,
        await person(base, account(role).email, account(role).password, {
          cookie,
        }),
      ] as const;
    }),
    ...made.map(async (m) => {
      await cli([
        "user",
        "create",
        "--role",
        "data_scientist",
        "--email",
        m.email,
        "--password",
        m.password,
      ]);
      const token = await cli([
        "token",
        "create",
        "--email",
        m.email,
        "--name",
        `${tag}-${m.who}`,
      ]);
      return [
        m.who,
        await person(base, m.email, m.password, { token }),
      ] as const;
    }),
  ]);
  const people = Object.fromEntries(entries) as Callers["people"];
  const readToken = (
    await newToken(
      base,
      { bearer: people.admin.token },
      { name: "matrix-read", scope: "read" },
      "read token",
    )
  ).token;
  const revoked = await newToken(
    base,
    { bearer: people.data_scientist.token },
    { name: "matrix-revoked" },
    "token to revoke",
  );
  await expectStatus(
    200,
    send(base, "DELETE", `/api/v1/tokens/${revoked.id}`, {
      bearer: people.data_scientist.token,
    }),
    "revoke",
  );
  // A session of its own that has expired (nothing signs it out: its time is up).
  const lapsed = await signIn(
    base,
    people.data_scientist.email,
    people.data_scientist.password,
  );
  const db = new Database(path.join(dataDir, "stageline.db"));
  db.pragma("busy_timeout = 5000");
  db.prepare("update session set expires_at = ? where token = ?").run(
    Date.now() - 1000,
    lapsed.token,
  );
  db.close();
  const ci = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const pem = ci.publicKey.export({ type: "spki", format: "pem" }).toString();
  await expectStatus(
    201,
    send(
      base,
      "POST",
      "/api/v1/signing-keys",
      { bearer: people.admin.token },
      { name: `${tag}-ci-${Date.now()}`, public_key: pem },
    ),
    "CI key",
  );
  return {
    base,
    people,
    readToken,
    revokedToken: revoked.token,
    expiredCookie: lapsed.cookie,
    ciKey: { privateKey: ci.privateKey, pem },
  };
}

export type Need =
  | "model"
  | "versions"
  | "alias"
  | "deployment"
  | "request"
  | "retirement"
  | "retired"
  | "rule"
  | "webhook"
  | "production"
  | "versionTag"
  | "signingKey";
export type Fx = {
  name: string;
  dep: number;
  req: number;
  ret: number;
  rule: number;
  hook: number;
  key: number;
};

export const FILE = Buffer.from("bytes");
const inDays = (d: number) =>
  new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
export const RETIREMENT = {
  category: "no_longer_needed",
  reason: "not used by anyone any more",
  sunset_date: inDays(30),
};
let seq = 0;

/** A webhook for an event nothing sends, so the suites queue no deliveries but its own test ones. */
export const QUIET_WEBHOOK = {
  url: "http://127.0.0.1:1/hook",
  events: ["matrix.never"],
};

/** A valid alert rule named `name` on the deployment `deploymentId`. */
export function alertRule(name: string, deploymentId: number) {
  return {
    name,
    deployment_id: deploymentId,
    metric: "latency_ms",
    aggregation: "p95",
    comparator: ">",
    threshold: 100,
    window_seconds: 60,
  };
}

/** The callers with credentials of their own, least privileged first, as the action matrices call
 *  them (lib/testing/action-matrix.ts); the route matrix calls them in that order too. */
export const PEOPLE = ACTION_CALLERS.filter(
  (who): who is Caller => who !== "anonymous" && who !== "expired",
);

/** A model of `name` created by `owner` (tag team=perm) with `editor` granted edit: what every
 *  matrix fixture starts from. Its API path. */
export async function ownedModel(c: Callers, name: string): Promise<string> {
  const owner = { bearer: c.people.owner.token };
  const m = `/api/v1/models/${enc(name)}`;
  await expectStatus(
    201,
    send(c.base, "POST", "/api/v1/models", owner, {
      name,
      tags: { team: "perm" },
    }),
    "model",
  );
  await expectStatus(
    200,
    send(c.base, "PUT", `${m}/permissions`, owner, {
      email: c.people.editor.email,
      level: "edit",
    }),
    "grant",
  );
  return m;
}

/** What a route needs to answer a valid request with success: a model owned by `owner` (tag
 *  team=perm, `editor` granted edit), and, as asked, versions 1 and 2 (1 with model.bin), the
 *  alias challenger on 1, an external deployment of 1, an open staging request for 1, a retirement
 *  request (or an immediate retirement) of 2, an alert rule, a webhook, both versions promoted in
 *  turn, a version tag, a trusted signing key. */
export async function fixture(
  c: Callers,
  needs: Need[],
  tag: string,
): Promise<Fx> {
  const fx: Fx = { name: "", dep: 0, req: 0, ret: 0, rule: 0, hook: 0, key: 0 };
  const has = (n: Need) => needs.includes(n);
  const owner = { bearer: c.people.owner.token };
  const admin = { bearer: c.people.admin.token };
  const s = (method: string, url: string, creds: Creds, body?: unknown) =>
    send(c.base, method, url, creds, body);
  if (needs.some((n) => !["webhook", "signingKey"].includes(n))) {
    fx.name = `${tag}-${Date.now().toString(36)}-${++seq}`;
    const m = await ownedModel(c, fx.name);
    if (needs.some((n) => !["model", "webhook", "signingKey"].includes(n))) {
      await expectStatus(
        201,
        s("POST", `${m}/versions`, owner, {}),
        "version 1",
      );
      await expectStatus(
        201,
        s("POST", `${m}/versions`, owner, {}),
        "version 2",
      );
      await expectStatus(
        201,
        s("PUT", `${m}/versions/1/artifacts/model.bin`, owner, FILE),
        "artifact",
      );
    }
    if (has("versionTag"))
      await expectStatus(
        200,
        s("PUT", `${m}/versions/1/tags/team`, owner, { value: "perm" }),
        "version tag",
      );
    if (has("alias"))
      await expectStatus(
        200,
        s("PUT", `${m}/aliases/challenger`, owner, { version: 1 }),
        "alias",
      );
    if (has("deployment") || has("rule"))
      fx.dep = await createdId(
        s("POST", `${m}/deployments`, owner, {
          version: 1,
          environment: "canary",
          target: "external",
          endpoint_url: "http://127.0.0.1:1/x",
        }),
        "deployment",
      );
    if (has("request"))
      fx.req = await createdId(
        s("POST", `${m}/versions/1/transition-requests`, owner, {
          to_stage: "staging",
        }),
        "request",
      );
    if (has("retirement"))
      fx.ret = await createdId(
        s("POST", `${m}/versions/2/retirement`, owner, RETIREMENT),
        "retirement",
      );
    if (has("retired"))
      fx.ret = await createdId(
        s("POST", `${m}/versions/2/retirement`, admin, {
          immediate: true,
          category: "no_longer_needed",
          reason: "fixture to restore",
        }),
        "retired",
      );
    if (has("production"))
      for (const v of [1, 2])
        await expectStatus(
          201,
          s("POST", `${m}/versions/${v}/override`, admin, {
            to_stage: "production",
            reason: "fixture for the matrix",
          }),
          `production ${v}`,
        );
    if (has("rule"))
      fx.rule = await createdId(
        s(
          "POST",
          "/api/v1/alert-rules",
          owner,
          alertRule(`r-${fx.name}`, fx.dep),
        ),
        "rule",
      );
  }
  if (has("webhook"))
    fx.hook = await createdId(
      s("POST", "/api/v1/webhooks", admin, QUIET_WEBHOOK),
      "webhook",
    );
  if (has("signingKey"))
    fx.key = await createdId(
      s("POST", "/api/v1/signing-keys", admin, {
        name: `key-${tag}-${++seq}-${Date.now()}`,
        public_key: freshPublicKey(),
      }),
      "signing key",
    );
  return fx;
}

export function freshPublicKey(): string {
  return generateKeyPairSync("ec", { namedCurve: "prime256v1" })
    .publicKey.export({ type: "spki", format: "pem" })
    .toString();
}

/** A model-signing bundle for version files {model.bin: FILE}, signed with the trusted CI key. */
export function signedBundle(c: Callers, model: string): string {
  return signingBundle({
    model,
    file: "model.bin",
    bytes: FILE,
    privateKey: c.ciKey.privateKey,
    publicPem: c.ciKey.pem,
  });
}

/** Runs `work` on each item, at most `lanes` at a time. */
export async function inLanes<T>(
  items: T[],
  lanes: number,
  work: (item: T, lane: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      while (next < items.length) await work(items[next++] as T, lane);
    }),
  );
}
