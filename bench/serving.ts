// Serving benchmark (issue: Deployment): predict throughput and latency of the demo logistic model
// at 10 and 50 connections with autocannon on loopback, beside a bare route returning constant JSON.
// Predictions are answered before Next's router (lib/http/direct.ts); the constant route goes
// through it, so the pair shows what that saves as well as the model's own cost.
import autocannon from "autocannon";
import { eq } from "drizzle-orm";
import { user } from "@/db/schema";
import { createToken } from "@/lib/tokens/tokens";
import { actorOf, benchData, ensureBuild, startServer } from "./lib";

type Result = { rps: number; p50: number; p99: number; non2xx: number };

function run(url: string, connections: number, opts: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: 10, method: opts.method ?? "GET", headers: opts.headers, body: opts.body }, (err, r) => {
      if (err) reject(err);
      else resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx });
    });
  });
}

export async function servingBench(): Promise<void> {
  ensureBuild();
  const { dataDir, db, remove } = await benchData("serve", { demo: true });
  const ds = db.select().from(user).where(eq(user.email, "scientist@stageline.local")).get();
  if (!ds) throw new Error("demo seed missing");
  const { token } = createToken(actorOf(ds), { name: "bench" });
  const server = await startServer(dataDir);
  const body = JSON.stringify({ inputs: { beak_length_mm: [39.1], beak_depth_mm: [18.7], flipper_length_mm: [181], body_mass_g: [3750], is_gentoo: [0], is_chinstrap: [0] } });
  const predict = { method: "POST" as const, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body };
  const url = `${server.base}/api/v1/serve/penguins-sex/production/predict`;
  await run(url, 10, predict); // warm-up: JIT, session cache
  console.log("\nServing (autocannon, 10 s per row, loopback, demo logistic model penguins-sex v3, 1 row per request)");
  console.log(`${"route".padEnd(34)} ${"conns".padStart(5)} ${"req/s".padStart(9)} ${"p50".padStart(7)} ${"p99".padStart(7)} ${"non-2xx".padStart(8)}`);
  for (const c of [10, 50]) {
    const base = await run(`${server.base}/api/ping`, c);
    const pred = await run(url, c, predict);
    for (const [name, r] of [["GET /api/ping (constant JSON)", base], ["POST .../predict", pred]] as const) {
      console.log(`${name.padEnd(34)} ${String(c).padStart(5)} ${r.rps.toFixed(0).padStart(9)} ${`${r.p50}ms`.padStart(7)} ${`${r.p99}ms`.padStart(7)} ${String(r.non2xx).padStart(8)}`);
    }
    console.log(`${"predict / constant throughput".padEnd(34)} ${String(c).padStart(5)} ${`${((pred.rps / base.rps) * 100).toFixed(0)}%`.padStart(9)}`);
  }
  await server.stop();
  remove();
}
