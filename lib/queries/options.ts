// The data the browser keeps live, one query-options factory per polled JSON endpoint of /api/v1.
// The client component that polls an endpoint calls `useQuery(factory(...))`; the server page that
// renders it fills a QueryClient under `factory(...).queryKey` with what it read through lib/ and
// hands it over in a <HydrationBoundary>; a mutation invalidates by the same key. Client-safe: it
// imports only types from the server modules.
//
// Keys are hierarchical (`["deployments", id, ...]` covers a deployment's series and drift).
// `staleTime` equals the polling interval where the server prefetches: the hydrated data was read
// when the page was rendered, not when the browser mounted it, so a shorter one (the provider's
// 2 s) could fetch it again on mount; this way the first fetch is the first poll, as it was with
// `initialData`.
import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client-fetch";
import type { listRules } from "@/lib/alerts/rules";
import type { FeatureDrift } from "@/lib/drift/drift";
import type { RequestDto } from "@/lib/lifecycle/request-dto";
import type { DeploymentHealth } from "@/lib/monitoring/queries";
import type { LiveQuality, SeriesPoint } from "@/lib/monitoring/series";
import type { SearchResults } from "@/lib/search/search";
import type { JobView } from "@/lib/workers/jobs";

/** The shell's live counters (`GET /api/v1/inbox`). */
export type InboxSummary = {
  open_requests: number | null;
  unread_notifications: number;
};
export type AlertRuleWithStates = ReturnType<typeof listRules>[number];
export type DeploymentSeries = {
  range: string;
  points: SeriesPoint[];
  live: LiveQuality;
};
export type DriftReport = { min_rows: number; features: FeatureDrift[] };

export function inboxSummaryQuery() {
  return queryOptions({
    queryKey: ["inbox", "summary"],
    queryFn: () => apiFetch<InboxSummary>("/api/v1/inbox"),
    refetchInterval: 5_000,
    staleTime: 5_000,
  });
}

/** The search box's answers for `q` (`GET /api/v1/search`); kept 10 s, never polled. */
export function searchQuery(q: string) {
  return queryOptions({
    queryKey: ["search", q],
    queryFn: () =>
      apiFetch<SearchResults>(`/api/v1/search?q=${encodeURIComponent(q)}`),
    staleTime: 10_000,
    enabled: q.trim() !== "",
  });
}

export function openRequestsQuery() {
  return queryOptions({
    queryKey: ["transition-requests", "open"],
    queryFn: () =>
      apiFetch<{ requests: RequestDto[] }>(
        "/api/v1/transition-requests?status=open",
      ).then((r) => r.requests),
    refetchInterval: 4_000,
    staleTime: 4_000,
  });
}

export function alertRulesQuery() {
  return queryOptions({
    queryKey: ["alert-rules"],
    queryFn: () =>
      apiFetch<{ rules: AlertRuleWithStates[] }>("/api/v1/alert-rules").then(
        (r) => r.rules,
      ),
    refetchInterval: 4_000,
    staleTime: 4_000,
  });
}

export function deploymentHealthQuery() {
  return queryOptions({
    queryKey: ["deployments", "health"],
    queryFn: () =>
      apiFetch<{ deployments: DeploymentHealth[] }>("/api/v1/monitoring").then(
        (r) => r.deployments,
      ),
    refetchInterval: 5_000,
    staleTime: 5_000,
  });
}

export function deploymentSeriesQuery(id: number, range: string) {
  return queryOptions({
    queryKey: ["deployments", id, "series", range],
    queryFn: () =>
      apiFetch<DeploymentSeries>(
        `/api/v1/deployments/${id}/series?range=${range}`,
      ),
    refetchInterval: 5_000,
    staleTime: 5_000,
  });
}

/** Not prefetched (the table shows "Loading…" until its first answer): the default staleTime. */
export function deploymentDriftQuery(id: number, range: string) {
  return queryOptions({
    queryKey: ["deployments", id, "drift", range],
    queryFn: () =>
      apiFetch<DriftReport>(`/api/v1/deployments/${id}/drift?range=${range}`),
    refetchInterval: 10_000,
  });
}

/** Every second while a job is queued or running, else every 5 s. */
export function evaluationJobsQuery(model: string, version: number) {
  return queryOptions({
    queryKey: ["models", model, "versions", version, "evaluation-jobs"],
    queryFn: () =>
      apiFetch<{ jobs: JobView[] }>(
        `/api/v1/models/${encodeURIComponent(model)}/versions/${version}/evaluations/jobs`,
      ).then((r) => r.jobs),
    refetchInterval: (query) => jobsInterval(query.state.data),
    staleTime: (query) => jobsInterval(query.state.data),
  });
}

export function jobsInterval(jobs: JobView[] = []): number {
  return jobs.some((j) => j.status === "queued" || j.status === "running")
    ? 1_000
    : 5_000;
}
