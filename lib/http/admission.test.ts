import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { Admission, type AdmissionLimits, type Job } from "./admission";
import { createRequestListener } from "./listener";

const limits = (over: Partial<AdmissionLimits> = {}): AdmissionLimits => ({
  page: 2,
  api: 1,
  burst: 4,
  queue: 3,
  holdMs: 60_000,
  ...over,
});

/** A job that records when it starts and keeps its release for the test to call. */
type Recorded = { release: () => void; hungUp: boolean; job: Job };

function job(log: string[], name: string): Recorded {
  const self: Recorded = {
    release: () => {},
    hungUp: false,
    job: {
      start: (release: () => void) => {
        log.push(name);
        self.release = release;
      },
      gone: () => self.hungUp,
    },
  };
  return self;
}

describe("admission lanes", () => {
  it("lets one kind run past its share only while the other has nobody waiting", () => {
    const a = new Admission(limits({ burst: 3 }));
    const log: string[] = [];
    const api = [1, 2, 3, 4].map((i) => job(log, `api${i}`));
    // Nobody waits for a page: the API runs past its one place, up to the burst of three.
    expect(api.map((j) => a.enter("api", j.job))).toEqual([
      "started",
      "started",
      "started",
      "queued",
    ]);
    const pages = [1, 2, 3].map((i) => job(log, `page${i}`));
    // Pages have their two places whatever the API holds; the third waits, since an API call does.
    expect(pages.map((j) => a.enter("page", j.job))).toEqual([
      "started",
      "started",
      "queued",
    ]);
    expect(a.state()).toEqual({
      page: { running: 2, waiting: 1 },
      api: { running: 3, waiting: 1 },
    });
    // Two API calls end: the API still runs its share, so neither side may take more.
    api[0]?.release();
    api[1]?.release();
    expect(log).toEqual(["api1", "api2", "api3", "page1", "page2"]);
    // The API's last call ends: its waiting call starts, and since no API call waits any more, so
    // does the waiting page (past pages' share, up to the burst).
    api[2]?.release();
    expect(log.slice(5)).toEqual(["api4", "page3"]);
    pages[0]?.release();
    expect(a.state()).toEqual({
      page: { running: 2, waiting: 0 },
      api: { running: 1, waiting: 0 },
    });
  });

  it("starts waiting requests in arrival order and drops those whose client hung up", () => {
    const a = new Admission(limits({ page: 1, burst: 1 }));
    const log: string[] = [];
    const [p1, p2, p3, p4] = [1, 2, 3, 4].map((i) => job(log, `p${i}`));
    for (const j of [p1, p2, p3, p4]) if (j) a.enter("page", j.job);
    expect(log).toEqual(["p1"]);
    if (p2) p2.hungUp = true;
    p1?.release();
    expect(log).toEqual(["p1", "p3"]);
    // A second release of the same request gives back nothing more.
    p1?.release();
    expect(log).toEqual(["p1", "p3"]);
    p3?.release();
    expect(log).toEqual(["p1", "p3", "p4"]);
  });

  it("refuses past the queue's length and starts nothing for the refused", () => {
    const a = new Admission(limits({ api: 1, burst: 1, queue: 2 }));
    const log: string[] = [];
    const calls = [1, 2, 3, 4].map((i) => job(log, `c${i}`));
    expect(calls.map((c) => a.enter("api", c.job))).toEqual([
      "started",
      "queued",
      "queued",
      "refused",
    ]);
    calls[0]?.release();
    calls[1]?.release();
    calls[2]?.release();
    expect(log).toEqual(["c1", "c2", "c3"]);
  });
});

describe("the request listener's lanes", () => {
  // A stand-in for Next that answers only when the test says so.
  const held: http.ServerResponse[] = [];
  const server = http.createServer(
    createRequestListener(
      (_req, res) => {
        held.push(res);
      },
      new Admission(limits({ page: 1, api: 1, burst: 1, queue: 1 })),
    ),
  );
  const base = new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
  afterAll(() => {
    for (const res of held) res.destroy();
    server.close();
  });
  const waitFor = async (n: number) => {
    for (let i = 0; i < 200 && held.length < n; i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(held.length).toBe(n);
  };
  const answer = (i: number) => {
    held[i]?.writeHead(200, { "Content-Type": "text/plain" });
    held[i]?.end(`answer ${i}`);
  };

  it("keeps pages, predictions and probes moving while API calls wait, and refuses past the queue", async () => {
    const url = await base;
    const api1 = fetch(`${url}/api/v1/models`);
    await waitFor(1);
    // The API's one place is taken: the next call waits, the one after that is refused.
    const api2 = fetch(`${url}/api/v1/models?second`);
    await new Promise((r) => setTimeout(r, 50));
    expect(held.length).toBe(1);
    const refused = await fetch(`${url}/api/v1/models?third`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await refused.json()).toMatchObject({
      error: { code: "overloaded", details: { lane: "api" } },
    });
    // A page has a lane of its own and reaches Next at once.
    const page = fetch(`${url}/models`);
    await waitFor(2);
    // A prediction is answered by the listener itself (here: refused, no token), not queued.
    const prediction = await fetch(`${url}/api/v1/serve/m/production/predict`, {
      method: "POST",
      body: "{}",
      headers: { "Content-Type": "application/json" },
    });
    expect(prediction.status).toBe(401);
    // The health probe waits in no lane either (it reaches the stand-in at once).
    void fetch(`${url}/api/health`);
    await waitFor(3);
    answer(2);
    answer(0);
    expect(await (await api1).text()).toBe("answer 0");
    // The first API call is done, so the waiting one reaches Next.
    await waitFor(4);
    answer(3);
    expect(await (await api2).text()).toBe("answer 3");
    answer(1);
    expect((await page).status).toBe(200);
  });
});
