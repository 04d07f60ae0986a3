import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createRule } from "@/lib/alerts/rules";
import { createDeployment } from "@/lib/deployments/deployments";
import { requestTransition } from "@/lib/lifecycle/requests";
import { setAlias } from "@/lib/registry/aliases";
import { putArtifact } from "@/lib/registry/artifacts";
import { grantModelPermission } from "@/lib/registry/model-permissions";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { requestRetirement } from "@/lib/retirement/retirement";
import { makeUser } from "@/lib/testing/factories";
import { discoverRoutes } from "@/lib/testing/routes";
import { getSqlite } from "@/db/client";
import { getAuth } from "@/lib/auth/auth";
import { createToken, revokeToken } from "@/lib/tokens/tokens";
import { createWebhook } from "@/lib/webhooks/webhooks";
import { matrixMarkdown, READ_ONLY_TOKEN_ROUTES, ROUTE_MATRIX, type Caller } from "./route-matrix";

describe("the permissions matrix", () => {
  it("is shown in the README as written", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
    const shown = /<!-- route-matrix:start[^>]*-->\n([\s\S]*?)\n<!-- route-matrix:end -->/.exec(readme)?.[1];
    expect(shown).toBe(matrixMarkdown());
  });

  it("lists every API route, and each route lets through exactly the callers it names", { timeout: 180_000 }, async () => {
    const routes = await discoverRoutes();
    const keys = routes.map((r) => r.key).sort();
    // A new route without an entry (or an entry for a route that is gone) fails here.
    expect(keys).toEqual(Object.keys(ROUTE_MATRIX).sort());
    for (const key of READ_ONLY_TOKEN_ROUTES) expect(keys).toContain(key);

    const admin = await makeUser("admin");
    const owner = await makeUser("data_scientist");
    const callers: Record<Exclude<Caller, "anonymous">, Awaited<ReturnType<typeof makeUser>>> = {
      admin,
      owner,
      editor: await makeUser("data_scientist"),
      data_scientist: await makeUser("data_scientist"),
      reviewer: await makeUser("reviewer"),
      manager: await makeUser("manager"),
    };
    const tokens = Object.fromEntries(Object.entries(callers).map(([who, actor]) => [who, createToken(actor, { name: `matrix-${who}` }).token])) as Record<string, string>;
    // An admin's read-only token: its role allows everything, its scope only reads.
    const readToken = createToken(admin, { name: "matrix-read", scope: "read" }).token;
    // A session cookie whose session has expired (sent without the short-lived cookie cache, as a
    // browser does once that has lapsed).
    const lapsed = await makeUser("data_scientist");
    const signedIn = await getAuth().api.signInEmail({ body: { email: lapsed.email, password: "test-password-1" }, asResponse: true });
    const expiredCookie = signedIn.headers.getSetCookie().map((c) => c.split(";")[0]).filter((c) => c?.startsWith("stageline.session_token=")).join("; ");
    getSqlite().prepare("update session set expires_at = ? where user_id = ?").run(Date.now() - 1000, lapsed.id);
    const revokedActor = await makeUser("data_scientist");
    const revoked = createToken(revokedActor, { name: "revoked" });
    revokeToken(revokedActor, revoked.summary.id);

    let n = 0;
    const failures: string[] = [];
    for (const r of routes) {
      if (r.route.startsWith("/api/auth/")) continue; // better-auth's own sign-in endpoints
      // A fresh model for each route: owned by `owner`, with a version, file, alias, tag,
      // deployment, open request, retirement request, alert rule and webhook to point at.
      const name = `perm-${++n}`;
      createModel(owner, { name, tags: { team: "perm" } });
      grantModelPermission(owner, name, { email: callers.editor.email, level: "edit" });
      createVersion(owner, name, {});
      createVersion(owner, name, {});
      await putArtifact(owner, name, "1", "model.bin", Readable.from([Buffer.from("bytes")]));
      setAlias(owner, name, "challenger", 1);
      const dep = createDeployment(owner, name, { version: 1, environment: "canary", target: "external", endpoint_url: "http://127.0.0.1:1/x" });
      const req = requestTransition(owner, name, 1, { to_stage: "staging" });
      const ret = requestRetirement(owner, name, 2, { category: "no_longer_needed", reason: "not used by anyone any more", sunset_date: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) });
      const rule = createRule(owner, { name: `r-${n}`, deployment_id: dep.id, metric: "latency_ms", aggregation: "p95", comparator: ">", threshold: 100, window_seconds: 60 });
      const hook = await createWebhook(admin, { url: "http://127.0.0.1:1/hook", events: ["*"] });
      const idFor = (who: string) => {
        if (r.route.includes("/alert-rules/")) return rule.id;
        if (r.route.includes("/deployments/")) return dep.id;
        if (r.route.includes("/retirements/")) return ret.id;
        if (r.route.includes("/transition-requests/")) return req.id;
        if (r.route.includes("/webhooks/")) return hook.id;
        // Each caller revokes a token of its own.
        if (r.route.includes("/tokens/") && who !== "anonymous" && who !== "revoked" && who !== "expired") return createToken(who === "read_token" ? admin : callers[who as keyof typeof callers], { name: "to-revoke" }).summary.id;
        return 1;
      };
      const order: (Caller | "revoked" | "expired" | "read_token")[] = ["anonymous", "revoked", "expired", "read_token", "manager", "reviewer", "data_scientist", "editor", "owner", "admin"];
      for (const who of order) {
        const params: Record<string, unknown> = { name, version: "1", alias: "challenger", key: "team", path: r.route.includes("mlflow") ? mlflowPath(r.method) : ["model.bin"], id: String(idFor(who)), decision: "approve", model: name, ref: "1", user: callers.editor.id };
        const headers: Record<string, string> = { "Content-Type": "application/json" };
        if (who === "revoked") headers.Authorization = `Bearer ${revoked.token}`;
        else if (who === "read_token") headers.Authorization = `Bearer ${readToken}`;
        else if (who === "expired") headers.cookie = expiredCookie;
        else if (who !== "anonymous") headers.Authorization = `Bearer ${tokens[who]}`;
        const query = r.route.includes("mlflow") && r.method === "GET" ? "?max_results=5" : "";
        const body = r.method === "GET" ? undefined : r.route.includes("mlflow") ? JSON.stringify(mlflowBody(r.method, name, `${name}-${who}`)) : r.route.endsWith("[...path]") ? "bytes" : "{}";
        const res = await r.handler(new Request(`http://127.0.0.1${r.route}${query}`, { method: r.method, headers, body }), { params: Promise.resolve(params) });
        // Public routes ignore credentials, so a revoked token or an expired session is let through where nobody is.
        const allowed = who === "read_token" ? READ_ONLY_TOKEN_ROUTES.includes(r.key) : (ROUTE_MATRIX[r.key] as string[]).includes(who === "revoked" || who === "expired" ? "anonymous" : who);
        const refused = res.status === 401 || res.status === 403;
        if (allowed === refused) failures.push(`${r.key} as ${who}: HTTP ${res.status} (${allowed ? "should be let through" : "should be refused"}) ${refused || !allowed ? (await res.text()).slice(0, 160) : ""}`);
        if ((who === "anonymous" || who === "revoked" || who === "expired") && !allowed && res.status !== 401) failures.push(`${r.key} as ${who}: HTTP ${res.status}, expected 401`);
      }
    }
    expect(failures).toEqual([]);
  });
});

function mlflowPath(method: string): string[] {
  return { GET: ["registered-models", "search"], POST: ["registered-models", "create"], PATCH: ["registered-models", "update"], DELETE: ["registered-models", "delete-tag"] }[method]?.slice() ?? [];
}

function mlflowBody(method: string, model: string, fresh: string): Record<string, string> {
  if (method === "POST") return { name: fresh };
  if (method === "PATCH") return { name: model, description: "changed" };
  return { name: model, key: "team" };
}
