import { createHash } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { ROUTE_MATRIX } from "../lib/auth/route-matrix";
import {
  mutations,
  PARAMS,
  QUERIES,
  structuralBodies,
} from "../lib/testing/bad-input-cases";
import { ROUTE_CASES } from "./route-cases";
import {
  dataDir,
  expectStatus,
  fixture,
  inLanes,
  makeCallers,
  send,
} from "./matrix-fixtures";

// Bad input against every API route on the running production build, by URL through the server's
// request listener, as an admin (so permission is never the reason): path parameters gone wrong,
// bad queries, malformed bodies, and each field of the route's valid request replaced by wrong
// types, huge and odd strings, injection text and deep nesting. Each answer must be a 4xx with a
// message (never a 5xx, never a dropped connection), and a refused request must change nothing: no
// audit event by the caller's token (every mutation writes one in its own transaction) and no row of
// the route's model or its versions changed. (lib/testing/bad-input.test.ts sends the same input
// in-process and compares the whole database and blob folder, which a shared server cannot.)

const MODEL_TABLES = [
  "deployments",
  "model_aliases",
  "model_cards",
  "model_permissions",
  "model_tags",
  "model_versions",
  "policies",
  "retirements",
  "stage_changes",
  "transition_requests",
];
const VERSION_TABLES = [
  "artifacts",
  "comments",
  "evaluations",
  "reference_distributions",
  "version_metrics",
  "version_signatures",
  "version_tags",
];

/** A path segment as a client would put it in a URL: printable ASCII as is (so %2F and .. reach the server), the rest encoded. */
const segment = (v: string) =>
  /^[\x21-\x7e]*$/.test(v) ? v : encodeURIComponent(v);

test("every route answers bad input with a 4xx naming the problem, and a refused request changes nothing", async ({
  baseURL,
}) => {
  test.setTimeout(300_000);
  const c = await makeCallers(baseURL ?? "", "fuzz");
  const db = new Database(path.join(dataDir, "stageline.db"), {
    readonly: true,
    fileMustExist: true,
  });
  db.pragma("busy_timeout = 5000");
  const auditBy = db.prepare(
    "select count(*) as n from audit_events where via = ?",
  );
  const modelId = db.prepare("select id from registered_models where name = ?");
  const rows = (sql: string, id: number) =>
    JSON.stringify(db.prepare(sql).all(id));
  // What a refused request must leave as it was: the audit count of the lane's token and the route's model.
  const snapshot = (via: string, model: string) => {
    const id = (modelId.get(model) as { id: number } | undefined)?.id ?? -1;
    const hash = createHash("sha256")
      .update(JSON.stringify(auditBy.get(via)))
      .update(rows("select * from registered_models where id = ?", id));
    for (const t of MODEL_TABLES)
      hash.update(
        rows(`select * from "${t}" where model_id = ? order by rowid`, id),
      );
    for (const t of VERSION_TABLES)
      hash.update(
        rows(
          `select * from "${t}" where version_id in (select id from model_versions where model_id = ?) order by rowid`,
          id,
        ),
      );
    return hash.digest("hex");
  };
  // One admin token per lane, so each lane's audit events are its own.
  const lanes = await Promise.all(
    [0, 1, 2, 3].map(async (i) => {
      const made = await expectStatus<{ token: string; id: number }>(
        201,
        send(
          c.base,
          "POST",
          "/api/v1/tokens",
          { bearer: c.people.admin.token },
          { name: `fuzz-lane-${i}` },
        ),
        "lane token",
      );
      return { bearer: made.token, via: `token:${made.id}` };
    }),
  );

  const keys = Object.keys(ROUTE_MATRIX).filter(
    (k) => !k.includes(" /api/auth/"),
  );
  const problems: string[] = [];
  let calls = 0;
  await inLanes(keys, lanes.length, async (key, lane) => {
    const rc = ROUTE_CASES[key];
    const who = lanes[lane];
    if (!rc || !who) return;
    const [method, template] = key.split(" ") as [string, string];
    const fx = await fixture(c, rc.needs ?? [], "bad");
    if (rc.before) Object.assign(fx, await rc.before(fx, "admin", c));
    const good = rc.url(fx, c);
    const [goodPath = "", goodQuery] = good.split("?");
    const valid = rc.body?.(fx, "admin", c);
    const tries: [string, string | undefined][] = [];
    // Path parameters gone wrong, one at a time (the segment the template names, filled by the valid URL).
    const names = template.split("/");
    const filled = goodPath.split("/");
    names.forEach((name, i) => {
      if (!name.startsWith("[") || name.startsWith("[...")) return;
      for (const bad of PARAMS)
        tries.push([
          [...filled.slice(0, i), segment(bad), ...filled.slice(i + 1)].join(
            "/",
          ) + (goodQuery ? `?${goodQuery}` : ""),
          "{}",
        ]);
    });
    if (template.endsWith("[...path]") && !template.includes("mlflow")) {
      const base = filled.slice(0, names.length - 1).join("/");
      // Traversal inside one segment (encoded slashes), an empty and a huge one. Dot segments, bare or
      // percent-encoded, never reach a route as its parameter: URL rules resolve them first, as every
      // HTTP client and server does.
      for (const bad of [
        "..%2F..%2Fsecret",
        "a%2F..%2F..%2Fb",
        "%2E%2E%2Fsecret",
        "",
        "x".repeat(5000),
      ])
        tries.push([`${base}/${bad}`, "{}"]);
    }
    for (const query of QUERIES) tries.push([`${goodPath}${query}`, "{}"]);
    if (method !== "GET") {
      for (const body of structuralBodies()) tries.push([good, body]);
      tries.push([
        good,
        JSON.stringify({
          points: [
            { name: "latency_ms", value: 1, timestamp: 9_999_999_999_999 },
          ],
        }),
      ]);
      tries.push([
        good,
        JSON.stringify({
          points: Array.from({ length: 20_000 }, () => ({
            name: "x",
            value: 1,
          })),
        }),
      ]);
      if (valid && typeof valid === "object" && !Buffer.isBuffer(valid))
        for (const body of mutations(valid as Record<string, unknown>))
          tries.push([good, body]);
    }
    let before = snapshot(who.via, fx.name);
    for (const [url, body] of tries) {
      const res = await send(
        c.base,
        method,
        url,
        { bearer: who.bearer },
        method === "GET" ? undefined : body,
      ).catch((e: Error) => ({
        status: 0,
        text: `${e.message}`,
      }));
      calls++;
      const after = snapshot(who.via, fx.name);
      const what = `${key} ${url.slice(0, 120)} body=${(body ?? "").slice(0, 60)}`;
      if (res.status >= 500 || res.status === 0)
        problems.push(`${what}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
      if (res.status >= 400 && res.status < 500) {
        let message: string | undefined;
        try {
          const parsed = JSON.parse(res.text) as {
            error?: { message?: string };
            message?: string;
          };
          message = parsed.error?.message ?? parsed.message;
        } catch {
          message = undefined;
        }
        if (!message)
          problems.push(
            `${what}: HTTP ${res.status} without a message: ${res.text.slice(0, 120)}`,
          );
        if (after !== before)
          problems.push(
            `${what}: HTTP ${res.status} but the model's rows or the caller's audit trail changed`,
          );
      }
      before = after;
    }
  });
  db.close();
  expect(problems.slice(0, 40)).toEqual([]);
  expect(calls).toBeGreaterThan(3000);
});
