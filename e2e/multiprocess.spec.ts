// Two worker processes of one server on one data folder (issue 17's multi-process checks): a second
// server refused, a CLI revocation, promotions seen and raced across workers, the scheduler's
// takeover, a worker killed under writes, a graceful stop. Past 300 lines: the cases run in series on
// one cluster and share its harness (start, the workers' pids, a connection held on one worker).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import {
  expectScheduledWorkDoneOnce,
  queueSunsetWork,
  slowReceiver,
} from "./scheduler-checks";
import { AB_SIGNATURE, abOnnx } from "../lib/testing/ab-model";
import { createUserWithCli, runCli } from "./accounts";
import { tokenByPassword } from "./api";
import { ownServerEnv } from "./own-server";

// The production build served by two worker processes (STAGELINE_WORKERS=2) on one port and data
// folder, as `npm start` runs it on a 2-core machine: two starts at once (one serves, one refuses),
// a CLI revocation refused by both workers, a promotion made in one worker served by the other,
// racing promotions, the scheduler's process killed, a worker killed under write load, a graceful stop.
// Past 300 lines: every scenario runs on the one two-worker server started here, with its helpers
// (spawn, health, raw connections), which a split would start again per file.
//
// Which worker answered: read from the operating system, not from the server. Each request goes
// over a connection of its own; once it is answered (the connection is still open, kept alive), the
// test looks up the server side of that TCP connection in /proc/net/tcp and finds which worker's
// file descriptors hold it. The server tells nothing about its processes to clients.
const PORTS = [3296, 3297];
const dataDir = path.resolve(".e2e/multiprocess-data");
const admin = { email: "mp-admin@example.com", password: "mp-admin-password" };
const reviewer = {
  email: "mp-reviewer@example.com",
  password: "mp-reviewer-password",
  role: "reviewer" as const,
};
const enc = encodeURIComponent;

test.describe.configure({ mode: "serial" });

function startServer(port: number): { proc: ChildProcess; log: string[] } {
  const proc = spawn(process.execPath, [path.resolve("scripts/server.mjs")], {
    env: ownServerEnv({ port, dataDir, workers: 2, admin }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  proc.stdout?.on("data", (d: Buffer) => log.push(d.toString()));
  proc.stderr?.on("data", (d: Buffer) => log.push(d.toString()));
  spawned.push(proc);
  return { proc, log };
}

/** Every server this spec started, stopped in afterAll whatever failed, so none outlives the run. */
const spawned: ChildProcess[] = [];

const exited = (proc: ChildProcess) =>
  proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => proc.once("exit", () => r()));

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/health`)).ok;
  } catch {
    return false;
  }
}

/** The primary's live children (its workers), from /proc. */
function workerPids(primary: number): number[] {
  const pids: number[] = [];
  for (const d of fs.readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === primary && fields[0] !== "Z")
        pids.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return pids.sort();
}

/** The worker whose file descriptors hold the server side of the loopback connection from `clientPort`. */
function ownerOf(
  serverPort: number,
  clientPort: number,
  pids: number[],
): number | null {
  const hex = (p: number) => p.toString(16).toUpperCase().padStart(4, "0");
  const local = `0100007F:${hex(serverPort)}`;
  const remote = `0100007F:${hex(clientPort)}`;
  const row = fs
    .readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[1] === local && f[2] === remote);
  if (!row) return null;
  const socket = `socket:[${row[9]}]`;
  for (const pid of pids) {
    try {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        try {
          if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === socket) return pid;
        } catch {
          // closed meanwhile
        }
      }
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

type Answer = { status: number; body: string; json: () => unknown };

/** One keep-alive connection of its own; `pid` is the worker holding it, known after its first answer. */
class Conn {
  private agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  pid: number | null = null;
  private clientPort: number | null = null;
  constructor(
    private port: number,
    private primary: number,
  ) {}

  send(
    method: string,
    urlPath: string,
    headers: Record<string, string> = {},
    body?: string | Buffer,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: this.port,
          method,
          path: urlPath,
          agent: this.agent,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          // Read now: once the answer has ended the agent takes the socket back (res.socket is null).
          const clientPort = res.socket?.localPort;
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          // A worker killed mid-answer: the body ends without 'end' (and, on some paths, without 'error').
          res.on("close", () => {
            if (!res.complete) reject(new Error("the answer was cut off"));
          });
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            // primary 0: a load client that does not need to know (a /proc scan per answer would slow it down).
            if (this.primary > 0 && this.pid === null && clientPort)
              this.pid = ownerOf(
                this.port,
                clientPort,
                workerPids(this.primary),
              );
            // The agent opens a new connection (maybe to the other worker) if the old one was closed:
            // then what `pid` says would be wrong.
            if (this.clientPort === null) this.clientPort = clientPort ?? null;
            else if (this.pid !== null && clientPort !== this.clientPort) {
              reject(
                new Error(`the connection to worker ${this.pid} was replaced`),
              );
              return;
            }
            resolve({
              status: res.statusCode ?? 0,
              body: text,
              json: () => JSON.parse(text),
            });
          });
        },
      );
      req.on("error", reject);
      // Nothing here takes long: a request with no answer for 30 s went to a connection nobody serves.
      req.setTimeout(30_000, () => req.destroy(new Error("no answer in 30 s")));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

const jsonHeaders = (token: string) => ({
  Authorization: `Bearer ${token}`,
  "Content-Type": "application/json",
});
const db = () =>
  new Database(path.join(dataDir, "stageline.db"), { readonly: true });
function one<T>(sql: string, ...args: unknown[]): T {
  const d = db();
  try {
    return d.prepare(sql).get(...args) as T;
  } finally {
    d.close();
  }
}
const schedulerPid = () => {
  const row = one<{ holder: string } | undefined>(
    "select holder from leases where name = 'scheduler'",
  );
  return row ? Number(row.holder.split("@")[0]) : null;
};

let server: { proc: ChildProcess; log: string[] };
let port = 0;
let url = "";
let token = "";
const figures: Record<string, number> = {};

/** A connection held by the worker `pid` (fresh connections until round-robin lands on it). */
async function connOn(pid: number): Promise<Conn> {
  for (let i = 0; i < 40; i++) {
    const c = new Conn(port, server.proc.pid ?? 0);
    await c.send("GET", "/api/health");
    if (c.pid === pid) return c;
    c.close();
  }
  throw new Error(`no connection landed on worker ${pid}`);
}

/** Waits until fresh connections have reached every worker the primary has now (a new one listens a few seconds after its fork). */
async function everyWorkerServing(): Promise<number[]> {
  const seen = new Set<number>();
  await expect
    .poll(
      async () => {
        const c = new Conn(port, server.proc.pid ?? 0);
        const r = await c.send("GET", "/api/health").catch(() => null);
        c.close();
        if (r?.status === 200 && c.pid) seen.add(c.pid);
        const pids = workerPids(server.proc.pid ?? 0);
        return pids.length === 2 && pids.every((p) => seen.has(p));
      },
      { timeout: 90_000, intervals: [200] },
    )
    .toBe(true);
  return workerPids(server.proc.pid ?? 0);
}

/** A token of the account on this spec's server. */
const tokenFor = (email: string, password: string) =>
  tokenByPassword(url, email, password, `mp-${Date.now()}`);

const post = (p: string, body: unknown, t = token) =>
  fetch(`${url}${p}`, {
    method: "POST",
    headers: jsonHeaders(t),
    body: JSON.stringify(body),
  });

test.afterAll(async () => {
  for (const proc of spawned) {
    if (proc.exitCode !== null || proc.signalCode !== null) continue;
    const pids = workerPids(proc.pid ?? 0);
    proc.kill("SIGKILL");
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  console.log(`multiprocess figures: ${JSON.stringify(figures)}`);
});

test("two servers started at the same moment on one data folder: one serves with two workers, the other refuses and says why", async () => {
  test.setTimeout(240_000);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const started = Date.now();
  const both = PORTS.map((p) => ({ port: p, ...startServer(p) }));
  // Wait until one is healthy and the other has exited.
  await expect
    .poll(
      async () => {
        const up = await Promise.all(
          both.map((s) => healthy(`http://127.0.0.1:${s.port}`)),
        );
        return (
          up.filter(Boolean).length === 1 &&
          both.some((s) => s.proc.exitCode !== null)
        );
      },
      { timeout: 200_000, intervals: [500] },
    )
    .toBe(true);
  figures.coldStartMs = Date.now() - started;
  const refused = both.find((s) => s.proc.exitCode !== null);
  const serving = both.find((s) => s !== refused);
  if (!refused || !serving)
    throw new Error("expected one serving and one refused server");
  expect(refused.proc.exitCode, refused.log.join("")).toBe(1);
  expect(refused.log.join("")).toMatch(
    /Another Stageline is serving the data folder .*multiprocess-data.*STAGELINE_JOIN=1/s,
  );
  expect(refused.log.join("")).toMatch(
    /the first worker stopped before it was ready/,
  );
  server = serving;
  port = serving.port;
  url = `http://127.0.0.1:${port}`;
  // Two workers, both taking connections, and one admin seeded (once).
  await everyWorkerServing();
  expect(one<{ n: number }>("select count(*) n from user").n).toBe(1);
  token = await tokenFor(admin.email, admin.password);
});

test("a token revoked with the CLI is refused by both workers from the next request on", async () => {
  const made = (await (
    await post("/api/v1/tokens", { name: "to-revoke" })
  ).json()) as { token: string; id: number };
  const me = async () => {
    const c = new Conn(port, server.proc.pid ?? 0);
    const r = await c.send("GET", "/api/v1/me", {
      Authorization: `Bearer ${made.token}`,
    });
    c.close();
    return { status: r.status, pid: c.pid };
  };
  // Both workers have taken (and cached) the token before the operator acts.
  const okOn = new Set<number | null>();
  for (let i = 0; i < 20 && okOn.size < 2; i++) {
    const r = await me();
    expect(r.status).toBe(200);
    expect(r.pid).not.toBeNull();
    okOn.add(r.pid);
  }
  expect(okOn.size).toBe(2);
  runCli(dataDir, ["token", "revoke", "--id", String(made.id)]);
  const revokedAt = Date.now();
  const refusedBy = new Map<number | null, number>();
  while (refusedBy.size < 2 && Date.now() - revokedAt < 1000) {
    const r = await me();
    // The CLI's transaction has committed: not one more answer with the token, on either worker.
    expect(r.status).toBe(401);
    if (!refusedBy.has(r.pid)) refusedBy.set(r.pid, Date.now() - revokedAt);
  }
  expect([...refusedBy.keys()].sort()).toEqual([...okOn].sort());
  figures.revokedRefusedByBothMs = Math.max(...refusedBy.values());
});

async function modelWithVersions(name: string, count: number): Promise<void> {
  expect((await post("/api/v1/models", { name })).status).toBe(201);
  for (let v = 1; v <= count; v++) {
    expect(
      (
        await post(`/api/v1/models/${enc(name)}/versions`, {
          signature: AB_SIGNATURE,
        })
      ).status,
    ).toBe(201);
    // As bytes fetch takes (a Buffer's type may sit on a shared ArrayBuffer).
    const onnx = new Uint8Array(abOnnx([0, 0, 1, 0, 1, v % 2]));
    const put = await fetch(
      `${url}/api/v1/models/${enc(name)}/versions/${v}/artifacts/model.onnx`,
      {
        method: "PUT",
        headers: { Authorization: `Bearer ${token}` },
        body: onnx,
      },
    );
    expect(put.status).toBe(201);
  }
}

const promote = (c: Conn, name: string, version: number) =>
  c.send(
    "POST",
    `/api/v1/models/${enc(name)}/versions/${version}/override`,
    jsonHeaders(token),
    JSON.stringify({ to_stage: "production", reason: "multiprocess test" }),
  );

test("a promotion made in one worker is served by the other on its next request", async () => {
  const name = `mp-promote-${Date.now()}`;
  await modelWithVersions(name, 2);
  const [a, b] = workerPids(server.proc.pid ?? 0) as [number, number];
  const onA = await connOn(a);
  const onB = await connOn(b);
  const predict = async (c: Conn) => {
    const r = await c.send(
      "POST",
      `/api/v1/serve/${enc(name)}/production/predict`,
      jsonHeaders(token),
      JSON.stringify({ inputs: { a: [1], b: [2] } }),
    );
    expect(r.status, r.body).toBe(200);
    return (r.json() as { version: number }).version;
  };
  expect((await promote(onA, name, 1)).status).toBe(201);
  // Both workers serve v1 (and have the route cached).
  expect(await predict(onA)).toBe(1);
  expect(await predict(onB)).toBe(1);
  expect((await promote(onA, name, 2)).status).toBe(201);
  expect(onA.pid).toBe(a);
  expect(await predict(onB)).toBe(2);
  expect(onB.pid).toBe(b);
  onA.close();
  onB.close();
});

test("two promotions racing on two workers leave exactly one production version", async () => {
  const name = `mp-race-${Date.now()}`;
  const rounds = 4;
  await modelWithVersions(name, rounds * 2);
  const [a, b] = workerPids(server.proc.pid ?? 0) as [number, number];
  for (let r = 0; r < rounds; r++) {
    const onA = await connOn(a);
    const onB = await connOn(b);
    const answers = await Promise.all([
      promote(onA, name, 2 * r + 1),
      promote(onB, name, 2 * r + 2),
    ]);
    for (const x of answers) expect([201, 409], x.body).toContain(x.status);
    expect(answers.some((x) => x.status === 201)).toBe(true);
    const production = one<{ n: number }>(
      "select count(*) n from model_versions v join registered_models m on m.id = v.model_id where m.name = ? and v.stage = 'production'",
      name,
    ).n;
    expect(production, `round ${r}`).toBe(1);
    onA.close();
    onB.close();
  }
  expect(
    (
      (await (
        await fetch(`${url}/api/v1/audit/verify`, {
          headers: jsonHeaders(token),
        })
      ).json()) as { ok: boolean }
    ).ok,
  ).toBe(true);
});

test("SIGKILL of the scheduler's worker: another worker takes the lease and sends every webhook and the sunset work, once", async () => {
  test.setTimeout(180_000);
  // A slow receiver, so the kill lands while sends are in flight.
  const { receiver, hookUrl, received } = await slowReceiver();
  try {
    createUserWithCli(dataDir, reviewer);
    const asReviewer = await tokenFor(reviewer.email, reviewer.password);
    const name = `mp-queue-${Date.now()}`;
    expect(
      (await post("/api/v1/webhooks", { url: hookUrl, events: ["*"] })).status,
    ).toBe(201);
    const firstEvent = one<{ id: number }>(
      "select max(id) id from audit_events",
    ).id;
    expect((await post("/api/v1/models", { name })).status).toBe(201);
    for (let i = 0; i < 3; i++)
      expect(
        (await post(`/api/v1/models/${enc(name)}/versions`, {})).status,
      ).toBe(201);
    // A burst of events (each queues a delivery), then the sunset work: v1's 1-day notice, v3's file release.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fetch(`${url}/api/v1/models/${enc(name)}/versions/2/tags/k${i}`, {
          method: "PUT",
          headers: jsonHeaders(token),
          body: JSON.stringify({ value: String(i) }),
        }),
      ),
    );
    const { retiringId, releasedId, blobFile } = await queueSunsetWork({
      url,
      dataDir,
      model: name,
      token,
      reviewerToken: asReviewer,
    });

    await expect
      .poll(() => received.length, { timeout: 20_000 })
      .toBeGreaterThan(0);
    const holder = schedulerPid();
    expect(workerPids(server.proc.pid ?? 0)).toContain(holder);
    const killedAt = Date.now();
    process.kill(holder ?? 0, "SIGKILL");
    // What the killed worker left in flight: the only sends that may arrive twice.
    const cutOff = one<{ n: number }>(
      "select count(*) n from webhook_deliveries where status = 'pending' and leased_at is not null",
    ).n;
    await expect
      .poll(() => schedulerPid() !== null && schedulerPid() !== holder, {
        timeout: 10_000,
        intervals: [100],
      })
      .toBe(true);
    figures.schedulerTakeoverMs = Date.now() - killedAt;
    expect(figures.schedulerTakeoverMs).toBeLessThan(10_000);

    const count = (sql: string, ...args: unknown[]) =>
      one<{ n: number }>(sql, ...args).n;
    figures.webhooksSentTwice = await expectScheduledWorkDoneOnce({
      count,
      deliveryIds: () => {
        const d = db();
        try {
          return (
            d.prepare("select delivery_id from webhook_deliveries").all() as {
              delivery_id: string;
            }[]
          ).map((r) => r.delivery_id);
        } finally {
          d.close();
        }
      },
      received,
      cutOff,
      sinceEventId: firstEvent,
      retiringId,
      releasedId,
      blobFile,
      pollMs: 500,
    });
    figures.queueDrainedAfterKillMs = Date.now() - killedAt;
    // The primary started a worker in the killed one's place.
    expect(await everyWorkerServing()).not.toContain(holder);
  } finally {
    receiver.close();
  }
});

test("SIGKILL of a worker under write load loses no acknowledged write; the primary starts another and serving goes on", async () => {
  test.setTimeout(180_000);
  const name = `mp-load-${Date.now()}`;
  expect((await post("/api/v1/models", { name })).status).toBe(201);
  expect((await post(`/api/v1/models/${enc(name)}/versions`, {})).status).toBe(
    201,
  );
  const versions = new Set<number>();
  const tags = new Map<string, number>(); // key -> last acknowledged value
  const statuses = new Map<number, number>();
  let stop = false;
  const client = async (c: number) => {
    for (let i = 0; !stop; i++) {
      const conn = new Conn(port, 0);
      try {
        const v = await conn.send(
          "POST",
          `/api/v1/models/${enc(name)}/versions`,
          jsonHeaders(token),
          "{}",
        );
        statuses.set(v.status, (statuses.get(v.status) ?? 0) + 1);
        if (v.status === 201)
          versions.add((v.json() as { version: number }).version);
        const t = await conn.send(
          "PUT",
          `/api/v1/models/${enc(name)}/versions/1/tags/c${c}`,
          jsonHeaders(token),
          JSON.stringify({ value: String(i) }),
        );
        statuses.set(t.status, (statuses.get(t.status) ?? 0) + 1);
        if (t.status >= 200 && t.status < 300) tags.set(`c${c}`, i);
      } catch {
        // A connection the kill cut off: not acknowledged, and the next one goes to a live worker.
      } finally {
        conn.close();
      }
    }
  };
  const clients = [0, 1, 2, 3].map(client);
  await new Promise((r) =>
    setTimeout(r, 1_500 + Math.floor(Math.random() * 1_000)),
  );
  const before = workerPids(server.proc.pid ?? 0);
  const victim = before[Math.floor(Math.random() * before.length)] ?? 0;
  const killedAt = Date.now();
  process.kill(victim, "SIGKILL");
  // A new worker, answering.
  let fresh = 0;
  await expect
    .poll(
      () => {
        fresh =
          workerPids(server.proc.pid ?? 0).find((p) => !before.includes(p)) ??
          0;
        return fresh;
      },
      { timeout: 60_000, intervals: [100] },
    )
    .toBeGreaterThan(0);
  await everyWorkerServing();
  const onFresh = await connOn(fresh);
  figures.workerReplacedServingMs = Date.now() - killedAt;
  expect(
    (
      await onFresh.send(
        "GET",
        `/api/v1/models/${enc(name)}`,
        jsonHeaders(token),
      )
    ).status,
  ).toBe(200);
  onFresh.close();
  await new Promise((r) => setTimeout(r, 1_000));
  stop = true;
  await Promise.all(clients);

  expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
  expect(versions.size).toBeGreaterThan(5);
  figures.acknowledgedVersionWrites = versions.size;
  const d = db();
  try {
    const stored = new Set(
      (
        d
          .prepare(
            "select v.version from model_versions v join registered_models m on m.id = v.model_id where m.name = ?",
          )
          .all(name) as {
          version: number;
        }[]
      ).map((r) => r.version),
    );
    for (const v of versions) expect(stored.has(v), `version ${v}`).toBe(true);
    for (const [key, value] of tags) {
      const row = d
        .prepare(
          "select t.value from version_tags t join model_versions v on v.id = t.version_id join registered_models m on m.id = v.model_id where m.name = ? and v.version = 1 and t.key = ?",
        )
        .get(name, key) as { value: string } | undefined;
      // The last acknowledged value, or a later one whose answer the kill cut off.
      expect(Number(row?.value), key).toBeGreaterThanOrEqual(value);
    }
    expect(d.pragma("integrity_check", { simple: true })).toBe("ok");
  } finally {
    d.close();
  }
});

test("SIGTERM to the primary stops both workers gracefully, hands the leases back and exits 0", async () => {
  const pids = workerPids(server.proc.pid ?? 0);
  expect(pids.length).toBe(2);
  const stoppedAt = Date.now();
  server.proc.kill("SIGTERM");
  await exited(server.proc);
  figures.gracefulStopMs = Date.now() - stoppedAt;
  expect(server.proc.exitCode).toBe(0);
  for (const pid of pids) expect(fs.existsSync(`/proc/${pid}`)).toBe(false);
  expect(
    one<{ n: number }>(
      "select count(*) n from leases where name in ('server', 'scheduler')",
    ).n,
  ).toBe(0);
});
