// MLflow-API benchmark (issue 17): the workload a real MLflow 2.22 server was measured on here.
// (a) sequential `model-versions/create`, a fresh TCP connection per request (the Python client
//     without a session does that), about 60-120/s on MLflow; the bar is 600/s;
// (b) `registered-models/search?max_results=100` at 10 connections over 1,000 models, with and
//     without the filter newer clients always add (tag.`mlflow.prompt.is_prompt` != 'true'), about
//     26/s on MLflow; the bar is 260/s.
// Authentication as the MLflow client sends it: MLFLOW_TRACKING_TOKEN (Bearer) or
// MLFLOW_TRACKING_USERNAME/PASSWORD with a token as the password (HTTP Basic).
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import autocannon from "autocannon";
import { createModel, setModelTag } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import {
  benchData,
  benchUser,
  ensureBuild,
  percentile,
  startServer,
} from "./lib";

const MODELS = 1_000;
const SECONDS = 10;
const CREATE_BAR = 600;
const SEARCH_BAR = 260;

type Result = {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  sample: string;
};

/** One POST on a connection of its own (agent: false sends Connection: close), as requests.post does. */
function postFresh(
  base: URL,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: "POST",
        path,
        agent: false,
        headers: {
          ...headers,
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function sequentialCreates(
  base: string,
  headers: Record<string, string>,
  model: string,
): Promise<Result> {
  const url = new URL(base);
  const latencies: number[] = [];
  let failed = 0;
  let sample = "";
  const end = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  let n = 0;
  while (Date.now() < end) {
    const body = JSON.stringify({
      name: model,
      source: `mlflow-artifacts:/1/run${n}/artifacts/model`,
      run_id: `run${n++}`,
      tags: [],
      run_link: "",
    });
    const t = process.hrtime.bigint();
    const r = await postFresh(
      url,
      "/api/2.0/mlflow/model-versions/create",
      headers,
      body,
    );
    latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 200) {
      failed++;
      sample ||= `${r.status} ${r.text.slice(0, 200)}`;
    } else sample ||= r.text.slice(0, 200);
  }
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    rps: latencies.length / secs,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failed,
    sample,
  };
}

function concurrentGets(
  url: string,
  headers: Record<string, string>,
  connections: number,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: SECONDS, headers }, (err, r) => {
      if (err) reject(err);
      else
        resolve({
          rps: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          failed: r.non2xx + r.errors,
          sample: "",
        });
    });
  });
}

export async function mlflowBench(): Promise<void> {
  ensureBuild();
  const { dataDir, remove } = await benchData("mlflow");
  const { user, actor, token } = await benchUser(
    "mlflow-bench@example.com",
    "data_scientist",
  );
  // 1,000 models through the services, each with a tag and two versions (one with a tag), so that
  // every listed model carries tags and latest_versions as real registries do.
  const t0 = Date.now();
  for (let i = 0; i < MODELS; i++) {
    const name = `bench-model-${String(i).padStart(4, "0")}`;
    createModel(actor, {
      name,
      description: `Model ${i}`,
      tags: { team: `t${i % 20}` },
    });
    createVersion(actor, name, {
      source: `mlflow-artifacts:/1/r${i}a/artifacts/model`,
      run_id: `r${i}a`,
    });
    createVersion(actor, name, {
      source: `mlflow-artifacts:/1/r${i}b/artifacts/model`,
      run_id: `r${i}b`,
      tags: { "mlflow.source.type": "JOB" },
    });
    if (i % 100 === 0) setModelTag(actor, name, "owner", "bench");
  }
  createModel(actor, { name: "bench-create-target" });
  console.log(
    `\nMLflow API: set up ${MODELS} models with 2 versions each through the services in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );

  const server = await startServer(dataDir);
  const bearer = { Authorization: `Bearer ${token}` };
  const basic = {
    Authorization: `Basic ${Buffer.from(`${user.email}:${token}`).toString("base64")}`,
  };
  const search = (filter?: string) =>
    `${server.base}/api/2.0/mlflow/registered-models/search?${filter ? `filter=${encodeURIComponent(filter)}&` : ""}max_results=100`;
  const PROMPT_FILTER = "tag.`mlflow.prompt.is_prompt` != 'true'";

  // What each search answers, so the figure is not that of an empty answer.
  for (const filter of [undefined, PROMPT_FILTER]) {
    const r = await fetch(search(filter), { headers: bearer });
    const body = (await r.json()) as {
      registered_models?: unknown[];
      next_page_token?: string;
    };
    console.log(
      `search ${filter ? "with the prompt filter" : "without a filter"}: HTTP ${r.status}, ${body.registered_models?.length ?? 0} models${body.next_page_token ? " and a next page" : ""}`,
    );
  }
  // Warm-up (unmeasured): JIT, caches.
  await sequentialCreatesFor(2, server.base, bearer);
  await concurrentGetsFor(2, search(), bearer);

  // The physical limit of this machine right now, measured the same ways in the same run: a bare
  // node:http JSON route in a process of its own (the machine is shared; compare ratios).
  const bare = await bareServer();
  const bareCreate = await sequentialCreates(bare.base, {}, "x");
  const bareGet = await concurrentGets(`${bare.base}/`, {}, 10);
  const rows: [string, Result, number][] = [
    ["bare node:http JSON, sequential, new conn", bareCreate, CREATE_BAR],
    ["bare node:http JSON, 10 conns", bareGet, SEARCH_BAR],
    [
      "model-versions/create, sequential, new conn (Bearer)",
      await sequentialCreates(server.base, bearer, "bench-create-target"),
      CREATE_BAR,
    ],
    [
      "model-versions/create, sequential, new conn (Basic)",
      await sequentialCreates(server.base, basic, "bench-create-target"),
      CREATE_BAR,
    ],
    [
      "registered-models/search max 100, 10 conns",
      await concurrentGets(search(), bearer, 10),
      SEARCH_BAR,
    ],
    [
      "  ... with the prompt filter",
      await concurrentGets(search(PROMPT_FILTER), bearer, 10),
      SEARCH_BAR,
    ],
    [
      "  ... with the prompt filter (Basic)",
      await concurrentGets(search(PROMPT_FILTER), basic, 10),
      SEARCH_BAR,
    ],
  ];
  console.log(
    `\nMLflow API (${SECONDS} s per row, loopback; MLflow 2.22 measured here: ~60-120 creates/s, ~26 searches/s)`,
  );
  console.log(
    `${"what".padEnd(56)} ${"req/s".padStart(8)} ${"p50".padStart(9)} ${"p99".padStart(9)} ${"failed".padStart(7)} ${"of bar".padStart(14)} ${"of bare".padStart(8)}`,
  );
  for (const [what, r, bar] of rows) {
    const ms = (x: number) => `${x.toFixed(1)}ms`;
    console.log(
      `${what.padEnd(56)} ${r.rps.toFixed(0).padStart(8)} ${ms(r.p50).padStart(9)} ${ms(r.p99).padStart(9)} ${String(r.failed).padStart(7)} ${`${((r.rps / bar) * 100).toFixed(0)}% of ${bar}`.padStart(14)} ${`${((r.rps / (bar === CREATE_BAR ? bareCreate : bareGet).rps) * 100).toFixed(0)}%`.padStart(8)}`,
    );
    if (r.failed) console.log(`  first failure: ${r.sample}`);
  }
  bare.child.kill();
  await server.stop();
  remove();
}

async function bareServer(): Promise<{ child: ChildProcess; base: string }> {
  const code = `require("node:http").createServer((q, s) => { q.resume(); q.on("end", () => { s.writeHead(200, { "Content-Type": "application/json" }); s.end('{"ok":true}'); }); }).listen(0, "127.0.0.1", function () { console.log(this.address().port); });`;
  const child = spawn(process.execPath, ["-e", code], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve) =>
    child.stdout?.once("data", (d: Buffer) => resolve(d.toString().trim())),
  );
  return { child, base: `http://127.0.0.1:${port}` };
}

async function sequentialCreatesFor(
  seconds: number,
  base: string,
  headers: Record<string, string>,
): Promise<void> {
  const url = new URL(base);
  const end = Date.now() + seconds * 1000;
  for (let n = 0; Date.now() < end; n++)
    await postFresh(
      url,
      "/api/2.0/mlflow/model-versions/create",
      headers,
      JSON.stringify({ name: "bench-create-target", source: `warm/${n}` }),
    );
}

function concurrentGetsFor(
  seconds: number,
  url: string,
  headers: Record<string, string>,
): Promise<void> {
  return new Promise((resolve, reject) =>
    autocannon({ url, connections: 10, duration: seconds, headers }, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
}
