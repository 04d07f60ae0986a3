import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";

// Durability: a production server takes a burst of writes from parallel clients and is killed
// with SIGKILL at a random moment, three times over. After each kill: the database passes
// SQLite's integrity check, no half-written artifact file exists, every write that was answered
// 2xx is there after the restart, and the audit chain verifies.
const PORT = 3291;
const base = `http://127.0.0.1:${PORT}`;
const dataDir = path.resolve(".e2e/crash-data");
const admin = { email: "crash-admin@example.com", password: "crash-admin-password" };

function startServer(): ChildProcess {
  return spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(PORT)], {
    env: { ...process.env, STAGELINE_DATA_DIR: dataDir, STAGELINE_DEMO: "0", STAGELINE_ADMIN_EMAIL: admin.email, STAGELINE_ADMIN_PASSWORD: admin.password, PORT: String(PORT), HOSTNAME: "127.0.0.1", NODE_ENV: "production" },
    stdio: "ignore",
  });
}

async function waitHealthy(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
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

test("SIGKILL during a burst of writes loses no acknowledged write and leaves no half file", async () => {
  test.setTimeout(180_000);
  fs.rmSync(dataDir, { recursive: true, force: true });
  let server = startServer();
  try {
    await waitHealthy();
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, { method: "POST", headers: { "Content-Type": "application/json", Origin: base }, body: JSON.stringify(admin) });
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { token } = (await (await fetch(`${base}/api/v1/tokens`, { method: "POST", headers: { cookie, Origin: base, "Content-Type": "application/json" }, body: JSON.stringify({ name: "crash" }) })).json()) as { token: string };
    const auth = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
    expect((await fetch(`${base}/api/v1/models`, { method: "POST", headers: auth, body: JSON.stringify({ name: "crash-model" }) })).status).toBe(201);
    await fetch(`${base}/api/v1/models/crash-model/versions`, { method: "POST", headers: auth, body: "{}" });
    const dep = (await (await fetch(`${base}/api/v1/models/crash-model/deployments`, { method: "POST", headers: auth, body: JSON.stringify({ version: 1, environment: "canary", target: "external", endpoint_url: "http://127.0.0.1:1/x" }) })).json()) as { id: number };

    const versions = new Set<number>();
    const files = new Map<string, string>(); // "version/path" -> sha256
    let points = 0;
    for (let round = 0; round < 3; round++) {
      let stop = false;
      const client = async (c: number) => {
        for (let i = 0; !stop; i++) {
          try {
            const v = await fetch(`${base}/api/v1/models/crash-model/versions`, { method: "POST", headers: auth, body: "{}" });
            if (v.status === 201) {
              const { version } = (await v.json()) as { version: number };
              versions.add(version);
              const bytes = randomBytes(32 * 1024 + c * 1000 + i);
              const put = await fetch(`${base}/api/v1/models/crash-model/versions/${version}/artifacts/weights-${c}-${i}.bin`, { method: "PUT", headers: { Authorization: auth.Authorization }, body: bytes });
              if (put.status === 201) files.set(`${version}/weights-${c}-${i}.bin`, sha(bytes));
            }
            const batch = { points: Array.from({ length: 200 }, (_, k) => ({ name: "latency_ms", value: k })) };
            const m = await fetch(`${base}/api/v1/deployments/${dep.id}/metrics`, { method: "POST", headers: auth, body: JSON.stringify(batch) });
            if (m.status >= 200 && m.status < 300) points += 200;
          } catch {
            return; // the server is gone
          }
        }
      };
      const clients = [0, 1, 2, 3].map(client);
      await new Promise((r) => setTimeout(r, 400 + Math.floor(Math.random() * 1200)));
      await kill(server);
      stop = true;
      await Promise.all(clients);

      // While it is down: the database file is sound, and every stored file is whole.
      const db = new Database(path.join(dataDir, "stageline.db"));
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const storedPoints = (db.prepare("select count(*) n from metric_points where deployment_id = ?").get(dep.id) as { n: number }).n;
      db.close();
      expect(storedPoints).toBeGreaterThanOrEqual(points);
      const blobRoot = path.join(dataDir, "blobs");
      for (const a of fs.readdirSync(blobRoot).filter((d) => d !== "tmp")) {
        for (const b of fs.readdirSync(path.join(blobRoot, a))) {
          for (const f of fs.readdirSync(path.join(blobRoot, a, b))) expect(sha(fs.readFileSync(path.join(blobRoot, a, b, f)))).toBe(f);
        }
      }

      server = startServer();
      await waitHealthy();
      for (const v of versions) expect((await fetch(`${base}/api/v1/models/crash-model/versions/${v}`, { headers: auth })).status, `version ${v}`).toBe(200);
      for (const [key, digest] of files) {
        const r = await fetch(`${base}/api/v1/models/crash-model/versions/${key}`.replace(/\/versions\/(\d+)\//, "/versions/$1/artifacts/"), { headers: auth });
        expect(r.status, key).toBe(200);
        expect(sha(Buffer.from(await r.arrayBuffer())), key).toBe(digest);
      }
      const verify = (await (await fetch(`${base}/api/v1/audit/verify`, { headers: auth })).json()) as { ok: boolean };
      expect(verify.ok).toBe(true);
    }
    expect(versions.size).toBeGreaterThan(3);
  } finally {
    if (server.exitCode === null) await kill(server);
  }
});
