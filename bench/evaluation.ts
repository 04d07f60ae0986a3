// Evaluation benchmark (issue: Evaluation): computing every metric, curve and slice for 1,000,000
// predictions in-process, and the server-rendered version page of a version with 10 evaluations.
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { evaluateBinary } from "@/lib/evaluation/compute";
import { logEvaluation } from "@/lib/evaluation/evaluations";
import { mulberry32 } from "@/lib/ml/random";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { createUser } from "@/lib/users/users";
import { actorOf, benchData, ensureBuild, fmt, median, signIn, startServer, timeGet } from "./lib";

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
  console.log(`\nEvaluation of 1,000,000 predictions (metrics, ROC/PR/calibration down-sampled to 200 points, 3 groups, fairness): median ${fmt(median(runs))} over 5 runs`);

  ensureBuild();
  const { dataDir, sqlite, remove } = await benchData("eval");
  const u = await createUser(SYSTEM_ACTOR, { email: "bench@example.com", password: "bench-password", role: "admin" });
  const actor = actorOf(u);
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
      history: Array.from({ length: 50 }, (_, i) => ({ step: i, metric: "loss", value: 1 / (i + 1) })),
      feature_importance: { a: 0.3, b: -0.2, c: 0.1 },
    });
  }
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  const server = await startServer(dataDir);
  const cookie = await signIn(server.base, "bench@example.com", "bench-password");
  const page = await timeGet(`${server.base}/models/bench-eval/versions/1`, { cookie });
  console.log(`Version page with 10 evaluations (server-rendered HTML): median ${fmt(page.median)} (p95 ${fmt(page.p95)}) over 30 requests`);
  await server.stop();
  remove();
}
