// Crashes of one server process of its own: SIGKILL under writes, SIGKILLs with scheduler work
// queued, a graceful stop. Past 300 lines: the three share one server harness (start, kill,
// restart on the same data folder) and the checks of what must survive.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import {
  expectScheduledWorkDoneOnce,
  queueSunsetWork,
  slowReceiver,
} from "./scheduler-checks";
import { createUserWithCli } from "./accounts";
import { tokenByPassword } from "./api";
import { ownServerEnv } from "./own-server";

// Durability: a production server takes a burst of writes from parallel clients and is killed
// with SIGKILL at a random moment, three times over. After each kill: the database passes
// SQLite's integrity check, no half-written artifact file exists, every write that was answered
// 2xx is there after the restart, and the audit chain verifies.
// Past 300 lines: three kill scenarios sharing the server spawn and kill helpers here.
const PORT = 3291;
const base = `http://127.0.0.1:${PORT}`;
const dataDir = path.resolve(".e2e/crash-data");
const admin = {
  email: "crash-admin@example.com",
  password: "crash-admin-password",
};

function startServer(port = PORT, dir = dataDir): ChildProcess {
  // The server entry `npm start` runs (the production build refuses `next start` on its own), as one
  // process: this spec kills and restarts a whole server; e2e/multiprocess.spec.ts kills workers.
  return spawn(process.execPath, [path.resolve("scripts/server.mjs")], {
    env: ownServerEnv({ port, dataDir: dir, workers: 1, admin }),
    stdio: "ignore",
  });
}

async function waitHealthy(url = base): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server did not come up");
}

async function kill(server: ChildProcess): Promise<void> {
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGKILL");
  await exited;
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** A token of the account on the spec's own server. */
const tokenFor = (url: string, email: string, password: string) =>
  tokenByPassword(url, email, password, "crash");

test("SIGKILL during a burst of writes loses no acknowledged write and leaves no half file", async () => {
  test.setTimeout(180_000);
  fs.rmSync(dataDir, { recursive: true, force: true });
  let server = startServer();
  try {
    await waitHealthy();
    const token = await tokenFor(base, admin.email, admin.password);
    const auth = {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
    };
    expect(
      (
        await fetch(`${base}/api/v1/models`, {
          method: "POST",
          headers: auth,
          body: JSON.stringify({ name: "crash-model" }),
        })
      ).status,
    ).toBe(201);
    await fetch(`${base}/api/v1/models/crash-model/versions`, {
      method: "POST",
      headers: auth,
      body: "{}",
    });
    const dep = (await (
      await fetch(`${base}/api/v1/models/crash-model/deployments`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({
          version: 1,
          environment: "canary",
          target: "external",
          endpoint_url: "http://127.0.0.1:1/x",
        }),
      })
    ).json()) as { id: number };

    const versions = new Set<number>();
    const files = new Map<string, string>(); // "version/path" -> sha256
    let points = 0;
    for (let round = 0; round < 3; round++) {
      let stop = false;
      const client = async (c: number) => {
        for (let i = 0; !stop; i++) {
          try {
            const v = await fetch(
              `${base}/api/v1/models/crash-model/versions`,
              { method: "POST", headers: auth, body: "{}" },
            );
            if (v.status === 201) {
              const { version } = (await v.json()) as { version: number };
              versions.add(version);
              const bytes = randomBytes(32 * 1024 + c * 1000 + i);
              const put = await fetch(
                `${base}/api/v1/models/crash-model/versions/${version}/artifacts/weights-${c}-${i}.bin`,
                {
                  method: "PUT",
                  headers: { Authorization: auth.Authorization },
                  body: bytes,
                },
              );
              if (put.status === 201)
                files.set(`${version}/weights-${c}-${i}.bin`, sha(bytes));
            }
            const batch = {
              points: Array.from({ length: 200 }, (_, k) => ({
                name: "latency_ms",
                value: k,
              })),
            };
            const m = await fetch(
              `${base}/api/v1/deployments/${dep.id}/metrics`,
              { method: "POST", headers: auth, body: JSON.stringify(batch) },
            );
            if (m.status >= 200 && m.status < 300) points += 200;
          } catch {
            return; // the server is gone
          }
        }
      };
      const clients = [0, 1, 2, 3].map(client);
      await new Promise((r) =>
        setTimeout(r, 400 + Math.floor(Math.random() * 1200)),
      );
      await kill(server);
      stop = true;
      await Promise.all(clients);

      // While it is down: the database file is sound, and every stored file is whole.
      const db = new Database(path.join(dataDir, "stageline.db"));
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const storedPoints = (
        db
          .prepare(
            "select count(*) n from metric_points where deployment_id = ?",
          )
          .get(dep.id) as { n: number }
      ).n;
      db.close();
      expect(storedPoints).toBeGreaterThanOrEqual(points);
      const blobRoot = path.join(dataDir, "blobs");
      for (const a of fs.readdirSync(blobRoot).filter((d) => d !== "tmp")) {
        for (const b of fs.readdirSync(path.join(blobRoot, a))) {
          for (const f of fs.readdirSync(path.join(blobRoot, a, b)))
            expect(sha(fs.readFileSync(path.join(blobRoot, a, b, f)))).toBe(f);
        }
      }

      server = startServer();
      await waitHealthy();
      for (const v of versions)
        expect(
          (
            await fetch(`${base}/api/v1/models/crash-model/versions/${v}`, {
              headers: auth,
            })
          ).status,
          `version ${v}`,
        ).toBe(200);
      for (const [key, digest] of files) {
        const r = await fetch(
          `${base}/api/v1/models/crash-model/versions/${key}`.replace(
            /\/versions\/(\d+)\//,
            "/versions/$1/artifacts/",
          ),
          { headers: auth },
        );
        expect(r.status, key).toBe(200);
        expect(sha(Buffer.from(await r.arrayBuffer())), key).toBe(digest);
      }
      const verify = (await (
        await fetch(`${base}/api/v1/audit/verify`, { headers: auth })
      ).json()) as { ok: boolean };
      expect(verify.ok).toBe(true);
    }
    expect(versions.size).toBeGreaterThan(3);
  } finally {
    if (server.exitCode === null) await kill(server);
  }
});

// The scheduler's queues across kills: webhook deliveries, sunset notices and the release of a
// retired version's files. Each is state in the database, so after a restart every queued item is
// done, none twice: one delivery row per event, a webhook resent only if the kill cut off its send,
// one notice per threshold, one release, the files gone.
test("after SIGKILLs the scheduler's queues resume: every webhook delivered, notices and file release done once", async () => {
  test.setTimeout(240_000);
  const port = PORT + 1;
  const url = `http://127.0.0.1:${port}`;
  const dir = path.resolve(".e2e/crash-queue-data");
  fs.rmSync(dir, { recursive: true, force: true });

  // The webhook receiver takes its time, so kills land while sends are in flight.
  const { receiver, hookUrl, received } = await slowReceiver();

  let server = startServer(port, dir);
  try {
    await waitHealthy(url);
    const reviewer = {
      email: "crash-reviewer@example.com",
      password: "crash-reviewer-password",
      role: "reviewer" as const,
    };
    createUserWithCli(dir, reviewer);
    const token = await tokenFor(url, admin.email, admin.password);
    const reviewerToken = await tokenFor(
      url,
      reviewer.email,
      reviewer.password,
    );
    const auth = {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
    };
    const post = (p: string, body: unknown) =>
      fetch(`${url}${p}`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify(body),
      });
    expect(
      (await post("/api/v1/webhooks", { url: hookUrl, events: ["*"] })).status,
    ).toBe(201);
    expect((await post("/api/v1/models", { name: "queued" })).status).toBe(201);
    for (let i = 0; i < 3; i++)
      expect((await post("/api/v1/models/queued/versions", {})).status).toBe(
        201,
      );
    const { retiringId, releasedId, blobFile } = await queueSunsetWork({
      url,
      dataDir: dir,
      model: "queued",
      token,
      reviewerToken,
    });

    let cutOff = 0; // sends in flight at the kills: the only ones that may arrive twice
    for (let round = 0; round < 3; round++) {
      let stop = false;
      const client = async (c: number) => {
        for (let i = 0; !stop; i++) {
          try {
            await fetch(`${url}/api/v1/models/queued/versions/2/tags/k${c}`, {
              method: "PUT",
              headers: auth,
              body: JSON.stringify({ value: `${round}-${i}` }),
            });
          } catch {
            return;
          }
        }
      };
      const clients = [0, 1, 2].map(client);
      await new Promise((r) =>
        setTimeout(r, 500 + Math.floor(Math.random() * 2500)),
      );
      await kill(server);
      stop = true;
      await Promise.all(clients);
      const db = new Database(path.join(dir, "stageline.db"), {
        readonly: true,
      });
      cutOff += (
        db
          .prepare(
            "select count(*) n from webhook_deliveries where status = 'pending' and leased_at is not null",
          )
          .get() as { n: number }
      ).n;
      db.close();
      server = startServer(port, dir);
      await waitHealthy(url);
    }

    // Let the queues drain (every delivery sent, the notice out, the file released), then each once.
    const db = new Database(path.join(dir, "stageline.db"), { readonly: true });
    const count = (sql: string, ...args: unknown[]) =>
      (db.prepare(sql).get(...args) as { n: number }).n;
    await expectScheduledWorkDoneOnce({
      count,
      deliveryIds: () =>
        (
          db.prepare("select delivery_id from webhook_deliveries").all() as {
            delivery_id: string;
          }[]
        ).map((r) => r.delivery_id),
      received,
      cutOff,
      sinceEventId: count(
        "select min(id) n from audit_events where action = 'webhook.created'",
      ),
      retiringId,
      releasedId,
      blobFile,
      pollMs: 1000,
    });
    // The released file answers 410.
    expect(
      (
        await fetch(
          `${url}/api/v1/models/queued/versions/3/artifacts/model.bin`,
          { headers: auth },
        )
      ).status,
    ).toBe(410);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
    expect(
      (
        (await (
          await fetch(`${url}/api/v1/audit/verify`, { headers: auth })
        ).json()) as { ok: boolean }
      ).ok,
    ).toBe(true);
  } finally {
    if (server.exitCode === null) await kill(server);
    receiver.close();
  }
});

test("a graceful stop hands the scheduler lease back at once", async () => {
  const dir = path.resolve(".e2e/lease-data");
  fs.rmSync(dir, { recursive: true, force: true });
  const port = PORT + 3;
  const server = startServer(port, dir);
  try {
    await waitHealthy(`http://127.0.0.1:${port}`);
    const holder = () => {
      const db = new Database(path.join(dir, "stageline.db"), {
        readonly: true,
      });
      try {
        return (
          (
            db
              .prepare("select holder from leases where name = 'scheduler'")
              .get() as { holder: string } | undefined
          )?.holder ?? null
        );
      } finally {
        db.close();
      }
    };
    await expect
      .poll(holder, { timeout: 10_000 })
      .toMatch(new RegExp(`^${server.pid}@`));
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
    expect(holder()).toBeNull();
  } finally {
    if (server.exitCode === null && server.signalCode === null)
      await kill(server);
  }
});
