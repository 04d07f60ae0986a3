// The dashboard's title, what its figures cover, and the exports of the same filtered portfolio.
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import type { DashboardFilters } from "@/lib/dashboard/filters";

export function DashboardHeader({ filters }: { filters: DashboardFilters }) {
  // The filters as the exports take them, so the CSV and the report cover what is on screen.
  const share = new URLSearchParams(
    Object.entries({
      team: filters.team ?? "",
      task: filters.task ?? "",
      from: filters.fromText,
      to: filters.toText,
    }).filter(([, v]) => v),
  ).toString();
  return (
    <PageHeader
      title="Dashboard"
      description={`The portfolio${filters.team ? ` of team ${filters.team}` : ""}${filters.task ? ` (${filters.task})` : ""}: figures now, charts from ${filters.fromText} to ${filters.toText}.`}
      actions={
        <div className="flex flex-wrap gap-2">
          <a
            href={`/api/v1/reports/portfolio.csv?${share}`}
            className={buttonClass("secondary")}
            download
          >
            Export CSV
          </a>
          <Link
            href={`/reports/monthly?${share}`}
            className={buttonClass("secondary")}
          >
            Monthly report
          </Link>
        </div>
      }
    />
  );
}
