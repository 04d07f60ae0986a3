// Helpers for the benchmarks: a production server on a temporary data folder, timing, RSS.
import {
  execFile,
  spawn,
  spawnSync,
  type ChildProcess,
} from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { signInCookie } from "@/e2e/own-server";
import { user } from "@/db/schema";
import { seedIfEmpty } from "@/lib/demo/seed";
import { SYSTEM_ACTOR, sessionActor, type Actor } from "@/lib/auth/actor";
import { createToken } from "@/lib/tokens/tokens";
import type { Role } from "@/lib/roles";
import { createUser } from "@/lib/users/users";

export const root = path.resolve(import.meta.dirname, "..");

export function ensureBuild(): void {
  if (fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  console.log("bench: building the app first (npm run build)...");
  const r = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/next/dist/bin/next"), "build"],
    { cwd: root, stdio: "inherit" },
  );
  if (r.status !== 0) throw new Error("build failed");
}

/** A fresh data folder for one benchmark with its database open and migrated (and the demo seeded
 *  when asked, models trained and deployed); `remove()` closes and deletes it. */
export async function benchData(name: string, opts: { demo?: boolean } = {}) {
  const dataDir = fs.mkdtempSync(
    path.join(os.tmpdir(), `stageline-bench-${name}-`),
  );
  process.env.STAGELINE_DATA_DIR = dataDir;
  process.env.STAGELINE_DEMO = opts.demo ? "1" : "0";
  const { sqlite, db } = openDatabase(path.join(dataDir, "stageline.db"));
  if (opts.demo) await seedIfEmpty(() => {});
  const remove = () => {
    sqlite.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { dataDir, sqlite, db, remove };
}

/** A user of the benchmark's own ("Bench", password bench-password; by default the admin
 *  bench@example.com), as the acting user and with an API token. */
export async function benchUser(
  email = "bench@example.com",
  role: Role = "admin",
) {
  const u = await createUser(SYSTEM_ACTOR, {
    email,
    password: "bench-password",
    role,
    name: "Bench",
  });
  const actor = sessionActor(u);
  const { token } = createToken(actor, { name: "bench" });
  return { user: u, actor, token };
}

/** A user of the demo seed (benchData with `demo`) as the acting user. */
export function demoActor(
  db: ReturnType<typeof openDatabase>["db"],
  email: string,
): Actor {
  const u = db.select().from(user).where(eq(user.email, email)).get();
  if (!u) throw new Error(`demo user ${email} missing`);
  return sessionActor(u);
}

/** The headers of a JSON request with an API token. */
export function jsonBearer(token: string): Record<string, string> {
  return {
    Authorization: `Bearer ${token}`,
    "Content-Type": "application/json",
  };
}

/** A port the system has free now (from the ephemeral range, where Next reserves none). */
async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

/** The server entry on a free loopback port; `opts.env` adds variables (e.g. STAGELINE_WORKERS).
 *  STAGELINE_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" passes Node flags to every
 *  benchmark's server (to profile it under the benchmark's own load). */
export async function startServer(
  dataDir: string,
  opts: { env?: Record<string, string> } = {},
): Promise<{ child: ChildProcess; base: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      ...(process.env.STAGELINE_BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ??
        []),
      path.join(root, "scripts/server.mjs"),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        STAGELINE_DATA_DIR: dataDir,
        STAGELINE_DEMO: "0",
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        NODE_ENV: "production",
        ...opts.env,
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    base,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2
    ? (s[m] as number)
    : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[
    Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)
  ] as number;
}

/** Median wall time in ms of `fn` over `runs` runs after `warmup` unmeasured ones. */
export async function time(
  fn: () => unknown | Promise<unknown>,
  runs = 30,
  warmup = 20,
): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { median: median(samples), p95: percentile(samples, 95) };
}

/** Resident memory (bytes) of a process and all its descendants, from /proc. */
export function treeRss(pid: number): number {
  return sumOverTree(pid, (p) => {
    const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  });
}

/** CPU seconds (user + system, all threads) used so far by a process and all its descendants, from /proc. */
export function treeCpuSeconds(pid: number): number {
  const ticks = sumOverTree(pid, (p) => {
    // Fields after the command (which may hold spaces) start at state; utime and stime are fields 14 and 15.
    const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  });
  // Linux reports in clock ticks of 1/100 s (USER_HZ) on every common platform.
  return ticks / 100;
}

/** `read` of a process and of each of its descendants (found through /proc), summed; a process
 *  gone meanwhile counts for nothing, and neither do its children. */
function sumOverTree(pid: number, read: (pid: number) => number): number {
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop() as number;
    try {
      total += read(p);
      for (const t of fs.readdirSync(`/proc/${p}/task`)) {
        const kids = fs
          .readFileSync(`/proc/${p}/task/${t}/children`, "utf8")
          .trim();
        if (kids) stack.push(...kids.split(/\s+/).map(Number));
      }
    } catch {}
  }
  return total;
}

export const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

/** Median and p95 of sequential GETs of `url`, timed by bench/http-timer.mjs in its own process. */
export async function timeGet(
  url: string,
  headers: Record<string, string>,
  runs = 30,
  warmup = 20,
): Promise<{ median: number; p95: number }> {
  // Asynchronous on purpose: a blocked event loop would miss the server closing idle keep-alive
  // sockets, and the next fetch of this process would fail on one of them.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      path.join(root, "bench", "http-timer.mjs"),
      JSON.stringify({ url, headers, runs, warmup }),
    ],
    { encoding: "utf8" },
  );
  return JSON.parse(stdout) as { median: number; p95: number };
}

/** Signs in like a browser and returns the Cookie header it would send next (all session cookies). */
export async function signIn(
  base: string,
  email: string,
  password: string,
): Promise<string> {
  const { ok, status, cookie } = await signInCookie(base, email, password);
  if (!ok || !cookie) throw new Error(`sign-in failed: ${status}`);
  return cookie;
}
