// The manager dashboard: headline figures now, charts over the chosen range, production health,
// the requests waiting longest and recent activity. This page reads the filters from the URL and
// the figures of now (kept per filter); each section in _sections/ renders its part. The charts,
// the costly aggregates, read their own part and stream in; loading.tsx beside this page is what
// a navigation to the dashboard shows until its figures arrive. (The route group keeps that
// loading state to this page: every page under (app) would otherwise stream, and a 404 or 403 of
// theirs could then only answer 200.)
import type { Metadata } from "next";
import { Suspense } from "react";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { requirePagePermission } from "@/lib/auth/session";
import { dashboardNow } from "@/lib/dashboard/dashboard";
import {
  parseDashboardFilters,
  type DashboardFilters,
} from "@/lib/dashboard/filters";
import { DomainError } from "@/lib/errors";
import { ChartsSection, ChartsSkeleton } from "./_sections/charts";
import { DashboardHeader } from "./_sections/header";
import { HeadlineFigures } from "./_sections/headline";
import { ProductionHealthTable } from "./_sections/production-health";
import { RecentActivity } from "./_sections/recent-activity";
import { WaitingRequests } from "./_sections/waiting-requests";

export const metadata: Metadata = { title: "Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Search;
}) {
  const actor = await requirePagePermission("dashboard.read");
  const { filters, filterError } = readFilters(await searchParams);
  const { headline: h, health, waiting, teams } = dashboardNow(actor, filters);
  return (
    <>
      <DashboardHeader filters={filters} />
      <FilterBar
        teams={teams}
        team={filters.team}
        task={filters.task}
        from={filters.fromText}
        to={filters.toText}
      />
      {filterError ? (
        <p
          role="alert"
          className="mb-4 rounded-md border border-danger/30 bg-danger/5 px-3 py-2 text-sm text-danger"
        >
          {filterError} The defaults are shown instead.
        </p>
      ) : null}
      <HeadlineFigures h={h} team={filters.team} />

      <Suspense fallback={<ChartsSkeleton />}>
        <ChartsSection actor={actor} filters={filters} health={health.items} />
      </Suspense>

      <div className="mt-8 grid grid-cols-1 gap-6 lg:grid-cols-2">
        <ProductionHealthTable health={health} team={filters.team} />
        <div className="space-y-6">
          <WaitingRequests waiting={waiting} />
          <RecentActivity actor={actor} />
        </div>
      </div>
    </>
  );
}

/** The filters of the URL; invalid ones fall back to the defaults, with the reason shown. */
function readFilters(raw: Awaited<Search>): {
  filters: DashboardFilters;
  filterError: string | null;
} {
  const params = Object.fromEntries(
    ["team", "task", "from", "to"].map((k) => [
      k,
      typeof raw[k] === "string" ? (raw[k] as string) : undefined,
    ]),
  );
  try {
    return { filters: parseDashboardFilters(params), filterError: null };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { filters: parseDashboardFilters({}), filterError: error.message };
  }
}
