// Registry benchmark (issue: Registry): 10,000 models and 200,000 versions; medians of the list API
// with a name search and a tag filter, the /models page, a model page with 100 versions, and
// version creation, each beside the bare SQL behind it; plus the server's memory during a 1 GiB
// streamed upload.
import { Readable } from "node:stream";
import { type openDatabase } from "@/db/client";
import {
  benchUser,
  benchData,
  ensureBuild,
  fmt,
  signIn,
  startServer,
  time,
  timeGet,
  treeRss,
} from "./lib";

const MODELS = 10_000;
const VERSIONS = 200_000;
const BIG = "bench/model-with-100-versions";

export async function registryBench(
  opts: { skipUpload?: boolean } = {},
): Promise<void> {
  ensureBuild();
  const { dataDir, sqlite, remove } = await benchData("registry");
  const { user: admin, token } = await benchUser();

  let t0 = Date.now();
  generate(sqlite, admin.id);
  console.log(
    `generated ${MODELS} models and ${VERSIONS} versions in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.exec("ANALYZE");

  const server = await startServer(dataDir);
  const auth = { Authorization: `Bearer ${token}` };
  const cookie = await signIn(
    server.base,
    "bench@example.com",
    "bench-password",
  );
  // 100 unmeasured requests first: a server that has run for a while has compiled its hot paths
  // (the first few hundred requests of a page run measurably slower while V8 optimizes them).
  const get = (p: string, headers: Record<string, string>) =>
    timeGet(server.base + p, headers, 30, 100);
  const sqlTime = (stmt: string, ...args: unknown[]) => {
    const s = sqlite.prepare(stmt);
    return time(() => s.all(...args), 50, 5);
  };

  type Timing = { median: number; p95: number };
  // Each row: what, how the app is timed, and the bare SQL behind it.
  const cases: [string, () => Promise<Timing>, () => Promise<Timing>][] = [
    [
      "GET /api/v1/models?limit=50&q=model-12",
      () => get("/api/v1/models?limit=50&q=model-12", auth),
      () =>
        sqlTime(
          "select * from registered_models where deleted_at is null and name like ? escape '\\' order by name, id limit 51",
          "%model-12%",
        ),
    ],
    [
      "GET /api/v1/models?limit=50&tag=team=t7",
      () => get("/api/v1/models?limit=50&tag=team%3Dt7", auth),
      () =>
        sqlTime(
          "select * from registered_models where deleted_at is null and id in (select model_id from model_tags where key = ? and value = ?) order by name, id limit 51",
          "team",
          "t7",
        ),
    ],
    [
      "GET /models (HTML, first page of 50)",
      () => get("/models", { cookie }),
      () =>
        sqlTime(
          "select * from registered_models where deleted_at is null order by name, id limit 51",
        ),
    ],
    // The page shows 50 versions at a time (like the models list); ?vlimit=100 shows all 100 at once.
    [
      "GET /models/{100-version model} (HTML, newest 50)",
      () => get(`/models/${encodeURIComponent(BIG)}`, { cookie }),
      () =>
        sqlTime(
          "select * from model_versions where model_id = (select id from registered_models where name = ?) and deleted_at is null order by version desc limit 51",
          BIG,
        ),
    ],
    [
      "GET /models/{100-version model}?vlimit=100 (all 100)",
      () => get(`/models/${encodeURIComponent(BIG)}?vlimit=100`, { cookie }),
      () =>
        sqlTime(
          "select * from model_versions where model_id = (select id from registered_models where name = ?) and deleted_at is null order by version desc limit 101",
          BIG,
        ),
    ],
    [
      "POST /api/v1/models/{name}/versions",
      () =>
        time(async () => {
          const r = await fetch(
            `${server.base}/api/v1/models/${encodeURIComponent("bench/model-00002")}/versions`,
            {
              method: "POST",
              headers: { ...auth, "Content-Type": "application/json" },
              body: JSON.stringify({
                metrics: { auc: 0.9 },
                description: `bench ${n++}`,
              }),
            },
          );
          if (r.status !== 201) throw new Error(`create version: ${r.status}`);
          await r.arrayBuffer();
        }),
      () => {
        const ins = sqlite.prepare(
          "insert into model_versions (model_id, version, params, created_at, updated_at) values (3, ?, '{}', 0, 0)",
        );
        return time(() => sqlite.transaction(() => ins.run(v++))(), 50, 5);
      },
    ],
  ];
  let n = 0;
  let v = 1_000_000;
  // Three rounds over all the rows, each a median of 30 requests; the figure is the median round,
  // so one round slowed by the machine (or a first JIT pass) does not decide it.
  const ROUNDS = 3;
  const runs = cases.map(() => ({ app: [] as Timing[], bare: [] as Timing[] }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [, app, bare]] of cases.entries()) {
      runs[i]?.app.push(await app());
      runs[i]?.bare.push(await bare());
    }
  }
  const middle = (ts: Timing[]) =>
    [...ts].sort((a, b) => a.median - b.median)[
      Math.floor(ts.length / 2)
    ] as Timing;
  const rows: [string, Timing, Timing | null][] = cases.map(([what], i) => [
    what,
    middle(runs[i]?.app ?? []),
    middle(runs[i]?.bare ?? []),
  ]);

  console.log(
    `\nRegistry (10,000 models, 200,000 versions): median (p95) of 30 sequential requests, the middle of ${ROUNDS} rounds; bare SQL over 50 runs`,
  );
  console.log(
    `${"what".padEnd(54)} ${"app".padStart(22)} ${"bare SQL".padStart(22)} ${"ratio".padStart(8)}`,
  );
  for (const [what, app, bare] of rows) {
    console.log(
      `${what.padEnd(54)} ${`${fmt(app.median)} (${fmt(app.p95)})`.padStart(22)} ${bare ? `${fmt(bare.median)} (${fmt(bare.p95)})`.padStart(22) : "".padStart(22)} ${bare ? `${(app.median / bare.median).toFixed(1)}x`.padStart(8) : ""}`,
    );
  }

  if (!opts.skipUpload) {
    // A first 64 MiB upload loads the route's code and lets the heap settle, so the 1 GiB
    // measurement below shows what streaming costs, not first-use growth (reported separately).
    const pid0 = server.child.pid as number;
    const beforeWarm = treeRss(pid0);
    const warm = await fetch(
      `${server.base}/api/v1/models/${encodeURIComponent(BIG)}/versions/1/artifacts/warm.bin`,
      { method: "PUT", headers: auth, body: Buffer.alloc(64 * 1024 * 1024) },
    );
    console.log(
      `\nFirst upload (64 MiB) on a fresh server: RSS +${((treeRss(pid0) - beforeWarm) / 2 ** 20).toFixed(1)} MiB (first-use growth: route code, buffers)`,
    );
    if (warm.status !== 201) throw new Error(`warm-up upload: ${warm.status}`);
    const pid = server.child.pid as number;
    const before = treeRss(pid);
    let peak = before;
    const sampler = setInterval(
      () => (peak = Math.max(peak, treeRss(pid))),
      50,
    );
    const GiB = 1024 ** 3;
    const chunk = Buffer.alloc(1024 * 1024, 1);
    t0 = Date.now();
    const body = Readable.toWeb(
      Readable.from(
        (function* () {
          for (let i = 0; i < GiB / chunk.length; i++) yield chunk;
        })(),
      ),
    ) as ReadableStream;
    const r = await fetch(
      `${server.base}/api/v1/models/${encodeURIComponent(BIG)}/versions/1/artifacts/big.bin`,
      {
        method: "PUT",
        headers: { ...auth, "Content-Length": String(GiB) },
        body,
        duplex: "half",
      } as RequestInit,
    );
    clearInterval(sampler);
    const secs = (Date.now() - t0) / 1000;
    console.log(
      `\n1 GiB streamed upload: HTTP ${r.status} in ${secs.toFixed(1)} s (${(1024 / secs).toFixed(0)} MiB/s); server RSS ${(before / 2 ** 20).toFixed(0)} MiB before, peak ${(peak / 2 ** 20).toFixed(0)} MiB (+${((peak - before) / 2 ** 20).toFixed(1)} MiB)`,
    );
  }
  await server.stop();
  remove();
}

/** Bulk rows written with raw SQL: a fixture, not a code path under test. */
export function generate(
  sqlite: ReturnType<typeof openDatabase>["sqlite"],
  ownerId: string,
): void {
  const now = Date.now();
  const insModel = sqlite.prepare(
    "insert into registered_models (name, description, owner_id, task, key_metric, next_version, created_at, updated_at) values (?, ?, ?, 'classification', 'auc', ?, ?, ?)",
  );
  const insTag = sqlite.prepare(
    "insert into model_tags (model_id, key, value) values (?, ?, ?)",
  );
  const insVersion = sqlite.prepare(
    "insert into model_versions (model_id, version, stage, params, created_by, created_at, updated_at, git_commit) values (?, ?, ?, '{}', ?, ?, ?, ?)",
  );
  const insMetric = sqlite.prepare(
    "insert into version_metrics (version_id, key, value) values (?, 'auc', ?)",
  );
  sqlite.transaction(() => {
    let versionsLeft = VERSIONS - 100;
    for (let i = 0; i < MODELS; i++) {
      const big = i === 0;
      const name = big ? BIG : `bench/model-${String(i).padStart(5, "0")}`;
      const count = big ? 100 : Math.floor(versionsLeft / (MODELS - i));
      if (!big) versionsLeft -= count;
      const id = Number(
        insModel.run(
          name,
          `Model ${i}`,
          ownerId,
          count + 1,
          now - i * 1000,
          now - i * 1000,
        ).lastInsertRowid,
      );
      insTag.run(id, "team", `t${i % 50}`);
      insTag.run(id, "tier", i % 3 ? "silver" : "gold");
      for (let v = 1; v <= count; v++) {
        const stage =
          v === count
            ? "production"
            : v === count - 1
              ? "staging"
              : v < count - 3
                ? "archived"
                : "none";
        const vid = Number(
          insVersion.run(
            id,
            v,
            stage,
            ownerId,
            now - i * 1000 + v,
            now - i * 1000 + v,
            (i * 1000 + v).toString(16).padStart(7, "0"),
          ).lastInsertRowid,
        );
        insMetric.run(vid, 0.7 + ((i * 7 + v) % 100) / 400);
      }
    }
  })();
}
