// Dashboard benchmark (issue: Manager dashboard): GET / as a manager over the 10,000-model registry
// fixture (200,000 versions), a promotion history for every production version, open requests,
// and 30 days of per-minute rollups for 20 production deployments. The page keeps its figures until
// the next change (lib/dashboard/memo.ts), so it is timed both as managers see it (repeated views)
// and right after a change (everything recomputed).
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { createUser } from "@/lib/users/users";
import {
  benchUser,
  benchData,
  ensureBuild,
  fmt,
  jsonBearer,
  median,
  percentile,
  signIn,
  startServer,
  timeGet,
} from "./lib";
import { generateRollups } from "./monitoring";
import { generate } from "./registry";

const DAY = 86_400_000;

export async function dashboardBench(): Promise<void> {
  ensureBuild();
  const { dataDir, sqlite, remove } = await benchData("dash");
  const { user: admin, token } = await benchUser();
  await createUser(SYSTEM_ACTOR, {
    email: "manager@example.com",
    password: "bench-password",
    role: "manager",
    name: "Manager",
  });
  const t0 = Date.now();
  generate(sqlite, admin.id);
  const now = Date.now();
  // Each production version arrived through an approved request at some time in the last 120 days.
  const production = sqlite
    .prepare(
      "select id, model_id, created_at from model_versions where stage = 'production'",
    )
    .all() as { id: number; model_id: number; created_at: number }[];
  const insRequest = sqlite.prepare(
    "insert into transition_requests (model_id, version_id, from_stage, to_stage, kind, status, requested_by, evidence_hash, resolved_by, created_at, resolved_at) values (?, ?, 'staging', 'production', ?, ?, ?, 'bench', ?, ?, ?)",
  );
  const insChange = sqlite.prepare(
    "insert into stage_changes (model_id, version_id, from_stage, to_stage, request_id, actor_id, at) values (?, ?, 'staging', 'production', ?, ?, ?)",
  );
  sqlite.transaction(() => {
    production.forEach((v, i) => {
      const at = now - ((i * 7919) % 120) * DAY - (i % 1440) * 60_000;
      const asked = at - ((i % 72) + 1) * 3_600_000;
      const req = Number(
        insRequest.run(
          v.model_id,
          v.id,
          i % 25 === 0 ? "rollback" : "transition",
          "applied",
          admin.id,
          admin.id,
          asked,
          at,
        ).lastInsertRowid,
      );
      insChange.run(v.model_id, v.id, req, admin.id, at);
    });
    for (const v of production.slice(0, 50))
      insRequest.run(
        v.model_id,
        v.id,
        "transition",
        "open",
        admin.id,
        null,
        now - 3 * DAY,
        null,
      );
  })();
  const insDeployment = sqlite.prepare(
    "insert into deployments (model_id, version_id, environment, target, endpoint_url, status, traffic_share, created_at, updated_at) values (?, ?, 'production', 'external', 'http://127.0.0.1:1/x', 'live', 1, ?, ?)",
  );
  const ids = production
    .slice(0, 20)
    .map((v) =>
      Number(insDeployment.run(v.model_id, v.id, now, now).lastInsertRowid),
    );
  const rollups = generateRollups(sqlite, ids, 30, now);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.exec("ANALYZE");
  console.log(
    `\ngenerated the registry, ${production.length.toLocaleString("en")} promotions and ${rollups.toLocaleString("en")} rollup rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  const server = await startServer(dataDir);
  const cookie = await signIn(
    server.base,
    "manager@example.com",
    "bench-password",
  );
  const all = await timeGet(`${server.base}/`, { cookie });
  const team = await timeGet(`${server.base}/?team=t7`, { cookie });
  // After a change: a tag write (a domain event) before each request, so every render recomputes.
  const changed: number[] = [];
  for (let i = 0; i < 10; i++) {
    const put = await fetch(
      `${server.base}/api/v1/models/bench%2Fmodel-00001/tags/bench`,
      {
        method: "PUT",
        headers: jsonBearer(token),
        body: JSON.stringify({ value: String(i) }),
      },
    );
    if (!put.ok) throw new Error(`tag write failed: ${put.status}`);
    const t = process.hrtime.bigint();
    const r = await fetch(`${server.base}/`, { headers: { cookie } });
    await r.arrayBuffer();
    changed.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const csv = await timeGet(
    `${server.base}/api/v1/reports/portfolio.csv`,
    { cookie },
    5,
    2,
  );
  await server.stop();
  console.log(
    `Dashboard (10,000 models, 200,000 versions, ${production.length.toLocaleString("en")} in production, 20 deployments x 30 days of rollups): median (p95) over 30 sequential requests`,
  );
  console.log(
    `  GET / (manager, all teams)                   ${fmt(all.median)} (${fmt(all.p95)})`,
  );
  console.log(
    `  GET /?team=t7 (one team tag, 200 models)     ${fmt(team.median)} (${fmt(team.p95)})`,
  );
  console.log(
    `  GET / right after a change (recomputed)      ${fmt(median(changed))} (${fmt(percentile(changed, 95))}) over 10 requests`,
  );
  console.log(
    `  GET /api/v1/reports/portfolio.csv (10,000)   ${fmt(csv.median)} (${fmt(csv.p95)}) over 5 requests`,
  );
  remove();
}
