// Evaluation benchmark (issue: Evaluation): computing every metric, curve and slice for 1,000,000
// predictions in-process, and the server-rendered version page of a version with 10 evaluations;
// and (evaluationUnderLoad) page and prediction p99 with and without a 1M-row evaluation running.
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { evaluateBinary } from "@/lib/evaluation/compute";
import { logEvaluation } from "@/lib/evaluation/evaluations";
import { mulberry32 } from "@/lib/ml/random";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { createUser } from "@/lib/users/users";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { sessionActor } from "@/lib/auth/actor";
import { createToken } from "@/lib/tokens/tokens";
import { PENGUIN_INPUTS } from "@/e2e/penguin";
import {
  benchData,
  demoActor,
  ensureBuild,
  fmt,
  jsonBearer,
  median,
  root,
  signIn,
  startServer,
  timeGet,
} from "./lib";

export async function evaluationBench(): Promise<void> {
  const n = 1_000_000;
  const rand = mulberry32(7);
  const y = new Uint8Array(n);
  const s = new Float64Array(n);
  const g = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const p = rand();
    s[i] = p;
    y[i] = rand() < p ? 1 : 0;
    g[i] = ["a", "b", "c"][i % 3] as string;
  }
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    evaluateBinary(y, s, { group: g });
    runs.push(performance.now() - t);
  }
  console.log(
    `\nEvaluation of 1,000,000 predictions (metrics, ROC/PR/calibration down-sampled to 200 points, 3 groups, fairness): median ${fmt(median(runs))} over 5 runs`,
  );

  ensureBuild();
  const { dataDir, sqlite, remove } = await benchData("eval");
  const u = await createUser(SYSTEM_ACTOR, {
    email: "bench@example.com",
    password: "bench-password",
    role: "admin",
  });
  const actor = sessionActor(u);
  createModel(actor, { name: "bench-eval", task: "classification" });
  createVersion(actor, "bench-eval", {});
  const k = 5000;
  for (let e = 0; e < 10; e++) {
    await logEvaluation(actor, "bench-eval", 1, {
      dataset: `set-${e}`,
      split: "test",
      y_true: Array.from(y.subarray(e * k, (e + 1) * k)),
      y_score: Array.from(s.subarray(e * k, (e + 1) * k)),
      groups: { group: g.slice(e * k, (e + 1) * k) },
      history: Array.from({ length: 50 }, (_, i) => ({
        step: i,
        metric: "loss",
        value: 1 / (i + 1),
      })),
      feature_importance: { a: 0.3, b: -0.2, c: 0.1 },
    });
  }
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  const server = await startServer(dataDir);
  const cookie = await signIn(
    server.base,
    "bench@example.com",
    "bench-password",
  );
  const page = await timeGet(`${server.base}/models/bench-eval/versions/1`, {
    cookie,
  });
  console.log(
    `Version page with 10 evaluations (server-rendered HTML): median ${fmt(page.median)} (p95 ${fmt(page.p95)}) over 30 requests`,
  );
  await server.stop();
  remove();
}

type Probe = {
  predict: { n: number; p50: number; p99: number };
  page: { n: number; p50: number; p99: number };
};

/**
 * Issue 17: the p99 of predictions and of a page, measured from an idle process for `windowMs`,
 * first on a quiet server, then while 1M-row evaluations are posted back to back (each parsed and
 * computed in the server's worker pool). Prints both, their growth in ms, and the ratio.
 */
export async function evaluationUnderLoad(
  windowMs = 10_000,
): Promise<{ quiet: Probe; loaded: Probe; evaluations: number }> {
  ensureBuild();
  const { dataDir, db, sqlite, remove } = await benchData("eval-load", {
    demo: true,
  });
  const actor = demoActor(db, "scientist@stageline.local");
  const { token } = createToken(actor, { name: "bench-load" });
  await createUser(SYSTEM_ACTOR, {
    email: "bench-load@example.com",
    password: "bench-password",
    role: "admin",
  });
  createModel(actor, { name: "bench-load", task: "classification" });
  createVersion(actor, "bench-load", {});
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  const n = 1_000_000;
  const rand = mulberry32(17);
  const y_true: number[] = [];
  const y_score: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = Math.round(rand() * 1e4) / 1e4;
    y_score.push(p);
    y_true.push(rand() < p ? 1 : 0);
  }
  const evaluation = JSON.stringify({
    dataset: "load-1m",
    y_true,
    y_score,
    groups: { g: y_true.map((_, i) => (i % 3 === 0 ? "a" : "b")) },
  });
  const server = await startServer(dataDir);
  try {
    const cookie = await signIn(
      server.base,
      "bench-load@example.com",
      "bench-password",
    );
    const bearer = jsonBearer(token);
    const probe = async (): Promise<Probe> => {
      const spec = {
        durationMs: windowMs,
        predict: {
          url: `${server.base}/api/v1/serve/penguins-sex/production/predict`,
          headers: bearer,
          body: JSON.stringify(PENGUIN_INPUTS),
        },
        page: {
          url: `${server.base}/models/penguins-sex`,
          headers: { cookie },
        },
      };
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [path.join(root, "bench", "latency-probe.mjs"), JSON.stringify(spec)],
        { encoding: "utf8", maxBuffer: 1 << 20 },
      );
      return JSON.parse(stdout) as Probe;
    };
    const post = async () => {
      const r = await fetch(
        `${server.base}/api/v1/models/bench-load/versions/1/evaluations`,
        {
          method: "POST",
          headers: bearer,
          body: evaluation,
        },
      );
      if (r.status !== 201)
        throw new Error(`evaluation: HTTP ${r.status} ${await r.text()}`);
    };
    await post(); // warm-up: the pool's thread, the JIT on both sides
    await probe();
    const quiet = await probe();
    let running = true;
    let evaluations = 0;
    const load = (async () => {
      while (running) {
        await post();
        evaluations++;
      }
    })();
    const loaded = await probe();
    running = false;
    await load;
    const row = (what: string, q: number, l: number) =>
      console.log(
        `${what.padEnd(34)} ${fmt(q).padStart(10)} ${fmt(l).padStart(12)} ${`${l >= q ? "+" : "-"}${fmt(Math.abs(l - q))}`.padStart(10)} ${(l / q).toFixed(2).padStart(7)}`,
      );
    console.log(
      `\nPage and predict p99 under 1M-row evaluations (${evaluations} computed during a ${windowMs / 1000} s window; each in the worker pool)`,
    );
    console.log(
      `${"".padEnd(34)} ${"quiet p99".padStart(10)} ${"loaded p99".padStart(12)} ${"growth".padStart(10)} ${"ratio".padStart(7)}`,
    );
    row("POST .../predict", quiet.predict.p99, loaded.predict.p99);
    row("GET /models/penguins-sex (page)", quiet.page.p99, loaded.page.p99);
    return { quiet, loaded, evaluations };
  } finally {
    await server.stop();
    remove();
  }
}
