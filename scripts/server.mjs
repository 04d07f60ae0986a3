// The server entry: Stageline on HOSTNAME:PORT (Next's documented custom-server pattern), served by
// STAGELINE_WORKERS processes (default: the number of cores; 1 = this process serves alone).
// `npm start` (scripts/start.mjs) checks the data folder and the build, then runs this.
//
// With several workers this process is the cluster's primary (node:cluster): it never loads Next or
// opens the database; it forks copies of this file as workers, which share the port (the primary
// accepts connections and hands them round-robin to the workers) and the data folder. Each worker
// does what a single-process server does: loads the app, runs the start-up step (instrumentation.ts,
// under the start lock: migrations, the check against another server, the check-in) and listens.
// The first worker alone does the first-start work (seed, backfills, removing cut-off uploads);
// the primary forks the others only once it is listening, and re-forks any that dies.
//
// Plain JavaScript on purpose: it imports nothing of the app. The request listener itself
// (lib/http/listener.ts: address stamp, early refusals, predictions and metric pushes, page nonces)
// is TypeScript compiled into Next's server bundle; instrumentation.ts publishes its factory and the
// promise of its start-up step, and a process listens only once that step is done. One copy of the app's modules per
// process, so one database connection and one set of caches each (docs/architecture.md).
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import http from "node:http";
import os from "node:os";
import path from "node:path";

process.env.NODE_ENV = "production";
// instrumentation.ts refuses to serve a production build not started from here.
process.env.STAGELINE_SERVER_ENTRY = "1";

const root = path.resolve(import.meta.dirname, "..");
const hostname =
  process.env.HOSTNAME && process.env.HOSTNAME !== ""
    ? process.env.HOSTNAME
    : "127.0.0.1";
const port = Number(process.env.PORT ?? "3000");

/** Re-forks allowed per RESTART_WINDOW_MS: past that, workers die as fast as they start (a bad disk, a broken build), and the server stops. */
const MAX_RESTARTS = 10;
const RESTART_WINDOW_MS = 60_000;
/** How long a graceful stop waits for the workers to finish their answers before killing them. */
const STOP_GRACE_MS = 15_000;

function workerCount() {
  const raw = process.env.STAGELINE_WORKERS;
  if (raw === undefined || raw.trim() === "") return os.availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    console.error(
      `[stageline] STAGELINE_WORKERS must be a whole number of processes from 1 to 256, not "${raw}".`,
    );
    process.exit(1);
  }
  return n;
}

if (cluster.isWorker) await serve();
else {
  const workers = workerCount();
  if (workers === 1) await serve();
  else await runPrimary(workers);
}

/** One serving process: loads the app (and through instrumentation.ts its start-up step), then listens. */
async function serve() {
  // What `ps` (and the e2e suite's memory check) shows for a serving process.
  process.title = "stageline-server";
  const fail = (reason) => {
    console.error(`[stageline] ${reason}`);
    // Tells the primary why, so it can say so if this was the first worker.
    if (process.send)
      process.send({ stageline: "failed", reason }, () => process.exit(1));
    else process.exit(1);
  };

  const { default: next } = await import("next");
  const app = next({ dev: false, dir: root, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // app.prepare() starts instrumentation.ts's register() but does not wait for it: the start-up
  // step (under the start lock) must be done before this process takes a single connection.
  const published = () =>
    globalThis[Symbol.for("stageline.started")] instanceof Promise &&
    typeof globalThis[Symbol.for("stageline.requestListenerFactory")] ===
      "function";
  for (let waited = 0; !published() && waited < 60_000; waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50));
  const started = globalThis[Symbol.for("stageline.started")];
  const factory = globalThis[Symbol.for("stageline.requestListenerFactory")];
  if (!published()) {
    fail(
      "The build did not publish its request listener (instrumentation.ts): rebuild with `npm run build`.",
    );
    return;
  }
  try {
    await started;
  } catch (error) {
    fail(
      `Start-up failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  }

  const server = http.createServer(factory(handle));
  server.on("error", (error) =>
    fail(`Cannot listen on ${hostname}:${port}: ${error.message}`),
  );
  server.listen(port, hostname, () => {
    if (cluster.isWorker) {
      console.log(`Stageline worker ${process.pid} ready`);
      process.send?.({ stageline: "ready" });
    } else console.log(`Stageline ready on http://${hostname}:${port}`);
  });

  // A stop finishes the answers under way (up to 10 s), then exits. A worker may get both the
  // terminal's SIGINT and its primary's SIGTERM: the first one stops it, the second changes nothing.
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // Hands the scheduler and server leases back (published by instrumentation.ts) so another
      // process takes over on its next tick rather than after the lease's TTL.
      const shutdown = globalThis[Symbol.for("stageline.shutdown")];
      try {
        if (typeof shutdown === "function") shutdown();
      } catch (error) {
        console.error("[stageline] shutting the scheduler down failed", error);
      }
      server.close(() => process.exit(0));
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 10_000).unref();
    });
  }
}

/** The primary: forks the first worker, waits until it listens (start-up done), forks the rest, re-forks the dead. */
async function runPrimary(count) {
  process.title = "stageline-primary";
  // Round-robin by the primary (Node's default off Windows, said here on purpose): the kernel's own
  // balancing of a shared socket piles connections onto one worker.
  cluster.schedulingPolicy = cluster.SCHED_RR;
  // Tells this server's workers from another's: their lease holder ids carry it (lib/scheduler/lease.ts).
  const clusterId = randomBytes(6).toString("hex");
  const restarts = [];
  let stopping = false;
  let ready = false;

  const fork = (first) =>
    cluster.fork({
      STAGELINE_CLUSTER_ID: clusterId,
      STAGELINE_WORKER_FIRST: first ? "1" : "0",
    });

  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter(
      (w) => w && !w.isDead(),
    );
    if (alive.length === 0) process.exit(code);
    let left = alive.length;
    cluster.on("exit", () => {
      left -= 1;
      if (left === 0) process.exit(code);
    });
    for (const w of alive) w.process.kill("SIGTERM");
    setTimeout(() => {
      for (const w of alive) if (!w.isDead()) w.process.kill("SIGKILL");
      process.exit(code);
    }, STOP_GRACE_MS).unref();
  };
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(0));

  const first = fork(true);
  let reason = "";
  first.on("message", (m) => {
    if (m && m.stageline === "failed") reason = String(m.reason);
  });
  const started = await new Promise((resolve) => {
    first.on("message", (m) => m && m.stageline === "ready" && resolve(true));
    first.once("exit", (code, signal) => {
      if (!reason)
        reason = `it exited with ${signal ? `signal ${signal}` : `code ${code}`} (its message is above)`;
      resolve(false);
    });
  });
  if (stopping) return;
  if (!started) {
    console.error(
      `[stageline] Stageline did not start: the first worker stopped before it was ready: ${reason}`,
    );
    process.exit(1);
  }
  ready = true;
  for (let i = 1; i < count; i++) fork(false);
  console.log(
    `Stageline ready on http://${hostname}:${port} (${count} worker processes)`,
  );

  cluster.on("exit", (worker, code, signal) => {
    if (stopping || !ready) return;
    const now = Date.now();
    while (restarts.length && now - restarts[0] > RESTART_WINDOW_MS)
      restarts.shift();
    if (restarts.length >= MAX_RESTARTS) {
      console.error(
        `[stageline] Workers keep dying (${restarts.length + 1} in ${RESTART_WINDOW_MS / 1000} s, the last one ${worker.process.pid} with ${signal ?? `code ${code}`}): stopping the server.`,
      );
      stop(1);
      return;
    }
    restarts.push(now);
    console.error(
      `[stageline] Worker ${worker.process.pid} stopped (${signal ?? `code ${code}`}); starting another.`,
    );
    fork(false);
  });
}
