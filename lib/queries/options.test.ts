import {
  dehydrate,
  hashKey,
  hydrate,
  QueryClient,
  type DehydratedState,
} from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JobView } from "@/lib/workers/jobs";
import {
  alertRulesQuery,
  deploymentDriftQuery,
  deploymentHealthQuery,
  deploymentSeriesQuery,
  evaluationJobsQuery,
  inboxSummaryQuery,
  jobsInterval,
  openRequestsQuery,
} from "./options";

// The browser's fetch, answering what the test sets for the next call.
const fetchMock = vi.fn<typeof fetch>();
const answer = (status: number, body: unknown) =>
  fetchMock.mockResolvedValueOnce(
    new Response(JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json" },
    }),
  );

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

// fetchQuery runs a factory's queryFn as useQuery would, without retries.
const client = () => new QueryClient();

describe("query keys", () => {
  const all = [
    inboxSummaryQuery(),
    openRequestsQuery(),
    alertRulesQuery(),
    deploymentHealthQuery(),
    deploymentSeriesQuery(1, "1h"),
    deploymentSeriesQuery(1, "24h"),
    deploymentSeriesQuery(2, "1h"),
    deploymentDriftQuery(1, "1h"),
    deploymentDriftQuery(1, "24h"),
    deploymentDriftQuery(2, "1h"),
    evaluationJobsQuery("churn", 1),
    evaluationJobsQuery("churn", 2),
    evaluationJobsQuery("fraud", 1),
  ];

  it("are the same for the same arguments", () => {
    expect(deploymentSeriesQuery(1, "1h").queryKey).toEqual(
      deploymentSeriesQuery(1, "1h").queryKey,
    );
    expect(evaluationJobsQuery("churn", 3).queryKey).toEqual(
      evaluationJobsQuery("churn", 3).queryKey,
    );
    expect(inboxSummaryQuery().queryKey).toEqual(inboxSummaryQuery().queryKey);
  });

  it("differ between endpoints and arguments", () => {
    const hashes = all.map((o) => hashKey(o.queryKey));
    expect(new Set(hashes).size).toBe(all.length);
  });

  it("group a deployment's series and drift under its id", () => {
    expect(deploymentSeriesQuery(7, "1h").queryKey.slice(0, 2)).toEqual([
      "deployments",
      7,
    ]);
    expect(deploymentDriftQuery(7, "1h").queryKey.slice(0, 2)).toEqual([
      "deployments",
      7,
    ]);
  });
});

describe("query functions", () => {
  it.each([
    [
      "inbox summary",
      "/api/v1/inbox",
      () => client().fetchQuery(inboxSummaryQuery()),
    ],
    [
      "open requests",
      "/api/v1/transition-requests?status=open",
      () => client().fetchQuery(openRequestsQuery()),
    ],
    [
      "alert rules",
      "/api/v1/alert-rules",
      () => client().fetchQuery(alertRulesQuery()),
    ],
    [
      "deployment health",
      "/api/v1/monitoring",
      () => client().fetchQuery(deploymentHealthQuery()),
    ],
    [
      "series",
      "/api/v1/deployments/4/series?range=7d",
      () => client().fetchQuery(deploymentSeriesQuery(4, "7d")),
    ],
    [
      "drift",
      "/api/v1/deployments/4/drift?range=30d",
      () => client().fetchQuery(deploymentDriftQuery(4, "30d")),
    ],
    [
      "evaluation jobs",
      "/api/v1/models/a%20b%2Fc/versions/2/evaluations/jobs",
      () => client().fetchQuery(evaluationJobsQuery("a b/c", 2)),
    ],
  ] as const)("%s fetches %s", async (_name, url, run) => {
    // One body for every endpoint: each unwraps its own field.
    answer(200, { requests: [], rules: [], deployments: [], jobs: [] });
    await run();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]?.[0]).toBe(url);
    expect(fetchMock.mock.calls[0]?.[1]).toMatchObject({
      credentials: "same-origin",
    });
  });

  it("unwrap the list the components show", async () => {
    const qc = client();
    answer(200, { requests: [{ id: 1 }], next_before: 1 });
    expect(await qc.fetchQuery(openRequestsQuery())).toEqual([{ id: 1 }]);
    answer(200, { rules: [{ id: 2 }] });
    expect(await qc.fetchQuery(alertRulesQuery())).toEqual([{ id: 2 }]);
    answer(200, { deployments: [{ id: 3 }] });
    expect(await qc.fetchQuery(deploymentHealthQuery())).toEqual([{ id: 3 }]);
    answer(200, { jobs: [{ id: "j" }] });
    expect(await qc.fetchQuery(evaluationJobsQuery("m", 1))).toEqual([
      { id: "j" },
    ]);
    const summary = { open_requests: 2, unread_notifications: 5 };
    answer(200, summary);
    expect(await qc.fetchQuery(inboxSummaryQuery())).toEqual(summary);
  });

  it("throw the server's error message on a non-2xx answer", async () => {
    const qc = client();
    answer(404, { error: { code: "not_found", message: "No deployment 9" } });
    await expect(
      qc.fetchQuery(deploymentSeriesQuery(9, "1h")),
    ).rejects.toMatchObject({ status: 404, message: "No deployment 9" });
    answer(403, { error: { message: "Forbidden here" } });
    await expect(qc.fetchQuery(alertRulesQuery())).rejects.toThrow(
      "Forbidden here",
    );
    fetchMock.mockResolvedValueOnce(new Response("", { status: 502 }));
    await expect(qc.fetchQuery(inboxSummaryQuery())).rejects.toThrow(
      "HTTP 502",
    );
  });
});

describe("polling", () => {
  it("keeps each component's interval, and data fresh until the next poll", () => {
    for (const [options, ms] of [
      [inboxSummaryQuery(), 5_000],
      [openRequestsQuery(), 4_000],
      [alertRulesQuery(), 4_000],
      [deploymentHealthQuery(), 5_000],
      [deploymentSeriesQuery(1, "1h"), 5_000],
    ] as const) {
      expect(options.refetchInterval).toBe(ms);
      expect(options.staleTime).toBe(ms);
    }
    expect(deploymentDriftQuery(1, "1h").refetchInterval).toBe(10_000);
  });

  it("polls evaluation jobs every second while one is queued or running", () => {
    const job = (status: JobView["status"]) =>
      ({ id: status, status }) as JobView;
    expect(jobsInterval(undefined)).toBe(5_000);
    expect(jobsInterval([job("done"), job("failed")])).toBe(5_000);
    expect(jobsInterval([job("done"), job("queued")])).toBe(1_000);
    expect(jobsInterval([job("running")])).toBe(1_000);
  });

  it("keeps hydrated data fresh for one poll interval after the server read it", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const options = deploymentHealthQuery();
      const server = client();
      server.setQueryData(options.queryKey, []);
      // What the page hands to <HydrationBoundary>, after the trip through the RSC payload.
      const state = JSON.parse(
        JSON.stringify(dehydrate(server)),
      ) as DehydratedState;
      vi.advanceTimersByTime(3_000);
      const browser = client();
      hydrate(browser, state);
      const query = browser
        .getQueryCache()
        .find({ queryKey: options.queryKey });
      expect(query?.state.data).toEqual([]);
      expect(query?.isStaleByTime(5_000)).toBe(false);
      // The provider's 2 s default would have fetched it again on mount.
      expect(query?.isStaleByTime(2_000)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
