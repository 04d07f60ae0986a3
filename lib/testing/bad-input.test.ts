import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { createDeployment } from "@/lib/deployments/deployments";
import { requestTransition } from "@/lib/lifecycle/requests";
import { setAlias } from "@/lib/registry/aliases";
import { dataDir } from "@/lib/config";
import { makeModel, makeUser, makeVersion } from "./factories";
import { discoverRoutes } from "./routes";
import { createToken } from "@/lib/tokens/tokens";
import { bodies, PARAMS, QUERIES } from "./bad-input-cases";

// Bad input against every API route, as an admin (so permission is never the reason): malformed
// JSON, wrong types, missing and extra fields, huge and odd strings, path traversal, injection
// text, bad cursors, page sizes and numbers. Each answer must be 4xx with a message (never 5xx),
// and a refused request must leave every table and the blob folder as they were.

function snapshot(): string {
  const db = getSqlite();
  const hash = createHash("sha256");
  const tables = (
    db
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
  // Telemetry and credentials bookkeeping change on reads by design: token last-use time, the
  // monitoring points and Prometheus counters (runtime_counters 'prom|...') a refused prediction records.
  for (const t of tables.filter(
    (x) =>
      ![
        "api_tokens",
        "session",
        "metric_points",
        "metric_rollups",
        "predictions",
      ].includes(x),
  )) {
    hash.update(t);
    const rows =
      t === "runtime_counters"
        ? `select * from "${t}" where name not like 'prom|%' order by rowid`
        : `select * from "${t}" order by rowid`;
    for (const row of db.prepare(rows).all()) hash.update(JSON.stringify(row));
  }
  const blobs = path.join(dataDir(), "blobs");
  const walk = (d: string): string[] =>
    fs.existsSync(d)
      ? fs
          .readdirSync(d, { withFileTypes: true })
          .flatMap((e) =>
            e.isDirectory()
              ? walk(path.join(d, e.name))
              : [path.join(d, e.name)],
          )
      : [];
  hash.update(
    walk(blobs)
      .filter((f) => !f.includes(`${path.sep}tmp${path.sep}`))
      .sort()
      .join("\n"),
  );
  return hash.digest("hex");
}

describe("bad input", () => {
  it(
    "every API route answers malformed input with a 4xx naming the problem and changes nothing",
    { timeout: 300_000 },
    async () => {
      const admin = await makeUser("admin");
      const { token } = createToken(admin, { name: "fuzz" });
      makeModel(admin, { name: "fuzzed", tags: { team: "f" } });
      await makeVersion(admin, "fuzzed", {
        artifacts: { "model.bin": "bytes" },
      });
      setAlias(admin, "fuzzed", "challenger", 1);
      const dep = createDeployment(admin, "fuzzed", {
        version: 1,
        environment: "canary",
        target: "external",
        endpoint_url: "http://127.0.0.1:1/x",
      });
      const req = requestTransition(admin, "fuzzed", 1, {
        to_stage: "staging",
      });
      const routes = (await discoverRoutes()).filter(
        (r) => !r.route.startsWith("/api/auth/"),
      );
      const problems: string[] = [];
      let calls = 0;
      const call = async (
        r: (typeof routes)[number],
        params: Record<string, unknown>,
        query: string,
        body: string | undefined,
      ) => {
        const before = snapshot();
        const res = await r.handler(
          new Request(`http://127.0.0.1${r.route}${query}`, {
            method: r.method,
            headers: {
              Authorization: `Bearer ${token}`,
              "Content-Type": "application/json",
            },
            body: r.method === "GET" ? undefined : body,
          }),
          {
            params: Promise.resolve(params),
          },
        );
        calls++;
        const text = await res.text();
        const what = `${r.key}${query} ${JSON.stringify(params).slice(0, 80)} body=${(body ?? "").slice(0, 60)}`;
        if (res.status >= 500)
          problems.push(`${what}: HTTP ${res.status} ${text.slice(0, 200)}`);
        if (res.status >= 400 && res.status < 500) {
          const parsed = JSON.parse(text) as {
            error?: { message?: string };
            message?: string;
          };
          if (!(parsed.error?.message ?? parsed.message))
            problems.push(`${what}: HTTP ${res.status} without a message`);
          if (snapshot() !== before)
            problems.push(
              `${what}: HTTP ${res.status} but the database or blobs changed`,
            );
        }
      };
      const good = (r: (typeof routes)[number]) => ({
        name: "fuzzed",
        version: "1",
        alias: "challenger",
        key: "team",
        path: r.route.includes("mlflow")
          ? ["registered-models", "create"]
          : ["model.bin"],
        id: String(r.route.includes("/deployments/") ? dep.id : req.id),
        decision: "reject",
        model: "fuzzed",
        ref: "1",
      });
      for (const r of routes) {
        // Bodies: only where the route reads one.
        if (r.method !== "GET")
          for (const body of bodies()) await call(r, good(r), "", body);
        for (const query of QUERIES) await call(r, good(r), query, "{}");
        // Path parameters gone wrong, one at a time.
        for (const key of [
          "name",
          "version",
          "alias",
          "key",
          "id",
          "decision",
          "model",
          "ref",
        ]) {
          if (!r.route.includes(`[${key}]`)) continue;
          for (const bad of PARAMS)
            await call(r, { ...good(r), [key]: bad }, "", "{}");
        }
        if (r.route.endsWith("[...path]") && !r.route.includes("mlflow"))
          for (const bad of [
            ["..", "..", "secret"],
            ["a", "%2e%2e", "b"],
            [""],
            ["x".repeat(5000)],
          ])
            await call(r, { ...good(r), path: bad }, "", "{}");
      }
      expect(calls).toBeGreaterThan(1000);
      expect(problems.slice(0, 40)).toEqual([]);
    },
  );
});
