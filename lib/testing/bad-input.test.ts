import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { getSqlite } from "@/db/client";
import { createDeployment } from "@/lib/deployments/deployments";
import { requestTransition } from "@/lib/lifecycle/requests";
import { setAlias } from "@/lib/registry/aliases";
import { putArtifact } from "@/lib/registry/artifacts";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { dataDir } from "@/lib/config";
import { makeUser } from "./factories";
import { discoverRoutes } from "./routes";
import { createToken } from "@/lib/tokens/tokens";

// Bad input against every API route, as an admin (so permission is never the reason): malformed
// JSON, wrong types, missing and extra fields, huge and odd strings, path traversal, injection
// text, bad cursors, page sizes and numbers. Each answer must be 4xx with a message (never 5xx),
// and a refused request must leave every table and the blob folder as they were.

const LONG = "x".repeat(100_000);
const ODD = ["\u0000nul", "\u202eevil.exe", "😀".repeat(50), "../../../etc/passwd", "' OR 1=1 --", "\"; DROP TABLE registered_models; --", "%00", "a".repeat(10_000)];
const FIELDS = ["name", "version", "description", "tags", "to_stage", "comment", "points", "inputs", "instances", "value", "alias", "environment", "target", "reason", "sunset_date", "category", "metric", "threshold", "url", "events", "role", "features", "y_true", "y_pred", "sections", "required_approvals", "stage", "items"];

function bodies(): (string | undefined)[] {
  const out: (string | undefined)[] = ["{", "[]", "null", "123", '"text"', "{\"a\":", LONG];
  for (const field of FIELDS) {
    for (const value of [123, -1, 1e400, true, [], {}, null, LONG, ...ODD]) out.push(JSON.stringify({ [field]: value }).replace('"1e400"', "1e400"));
  }
  out.push(JSON.stringify({ points: [{ name: "latency_ms", value: 1, timestamp: 9_999_999_999_999 }] }));
  out.push(JSON.stringify({ points: Array.from({ length: 20_000 }, () => ({ name: "x", value: 1 })) }));
  // 10,000 levels deep: recursive validators and error messages must not overflow the stack.
  for (const field of ["name", "tags", "inputs"]) out.push(`{"${field}":${"[".repeat(10_000)}${"]".repeat(10_000)}}`);
  return out;
}

const QUERIES = ["?limit=-1", "?limit=100000000", "?limit=abc", "?cursor=%25%25%25", "?cursor=eyJ4IjoxfQ", "?range=forever", "?status=weird", `?q=${encodeURIComponent(ODD[0] as string)}`, `?tag=${encodeURIComponent("' OR 1=1 --")}`, "?from=2026-13-45", "?before=-5", "?filter=name%20%3D%20'a'%20OR%201%3D1", "?max_results=0", "?page_token=%%%"];
const PARAMS = ["..%2F..%2Fetc", "-1", "0", "1e9", "abc", "%00", "\u202e", "9".repeat(40)];

function snapshot(): string {
  const db = getSqlite();
  const hash = createHash("sha256");
  const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name").all() as { name: string }[]).map((t) => t.name);
  // Telemetry and credentials bookkeeping change on reads by design: token last-use time, the
  // monitoring points and Prometheus counters (runtime_counters 'prom|...') a refused prediction records.
  for (const t of tables.filter((x) => !["api_tokens", "session", "metric_points", "metric_rollups", "predictions"].includes(x))) {
    hash.update(t);
    const rows = t === "runtime_counters" ? `select * from "${t}" where name not like 'prom|%' order by rowid` : `select * from "${t}" order by rowid`;
    for (const row of db.prepare(rows).all()) hash.update(JSON.stringify(row));
  }
  const blobs = path.join(dataDir(), "blobs");
  const walk = (d: string): string[] => (fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)])) : []);
  hash.update(walk(blobs).filter((f) => !f.includes(`${path.sep}tmp${path.sep}`)).sort().join("\n"));
  return hash.digest("hex");
}

describe("bad input", () => {
  it("every API route answers malformed input with a 4xx naming the problem and changes nothing", { timeout: 300_000 }, async () => {
    const admin = await makeUser("admin");
    const { token } = createToken(admin, { name: "fuzz" });
    createModel(admin, { name: "fuzzed", tags: { team: "f" } });
    createVersion(admin, "fuzzed", {});
    await putArtifact(admin, "fuzzed", "1", "model.bin", Readable.from([Buffer.from("bytes")]));
    setAlias(admin, "fuzzed", "challenger", 1);
    const dep = createDeployment(admin, "fuzzed", { version: 1, environment: "canary", target: "external", endpoint_url: "http://127.0.0.1:1/x" });
    const req = requestTransition(admin, "fuzzed", 1, { to_stage: "staging" });
    const routes = (await discoverRoutes()).filter((r) => !r.route.startsWith("/api/auth/"));
    const problems: string[] = [];
    let calls = 0;
    const call = async (r: (typeof routes)[number], params: Record<string, unknown>, query: string, body: string | undefined) => {
      const before = snapshot();
      const res = await r.handler(new Request(`http://127.0.0.1${r.route}${query}`, { method: r.method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: r.method === "GET" ? undefined : body }), {
        params: Promise.resolve(params),
      });
      calls++;
      const text = await res.text();
      const what = `${r.key}${query} ${JSON.stringify(params).slice(0, 80)} body=${(body ?? "").slice(0, 60)}`;
      if (res.status >= 500) problems.push(`${what}: HTTP ${res.status} ${text.slice(0, 200)}`);
      if (res.status >= 400 && res.status < 500) {
        const parsed = JSON.parse(text) as { error?: { message?: string }; message?: string };
        if (!(parsed.error?.message ?? parsed.message)) problems.push(`${what}: HTTP ${res.status} without a message`);
        if (snapshot() !== before) problems.push(`${what}: HTTP ${res.status} but the database or blobs changed`);
      }
    };
    const good = (r: (typeof routes)[number]) => ({ name: "fuzzed", version: "1", alias: "challenger", key: "team", path: r.route.includes("mlflow") ? ["registered-models", "create"] : ["model.bin"], id: String(r.route.includes("/deployments/") ? dep.id : req.id), decision: "reject", model: "fuzzed", ref: "1" });
    for (const r of routes) {
      // Bodies: only where the route reads one.
      if (r.method !== "GET") for (const body of bodies()) await call(r, good(r), "", body);
      for (const query of QUERIES) await call(r, good(r), query, "{}");
      // Path parameters gone wrong, one at a time.
      for (const key of ["name", "version", "alias", "key", "id", "decision", "model", "ref"]) {
        if (!r.route.includes(`[${key}]`)) continue;
        for (const bad of PARAMS) await call(r, { ...good(r), [key]: bad }, "", "{}");
      }
      if (r.route.endsWith("[...path]") && !r.route.includes("mlflow")) for (const bad of [["..", "..", "secret"], ["a", "%2e%2e", "b"], [""], ["x".repeat(5000)]]) await call(r, { ...good(r), path: bad }, "", "{}");
    }
    expect(calls).toBeGreaterThan(1000);
    expect(problems.slice(0, 40)).toEqual([]);
  });
});
