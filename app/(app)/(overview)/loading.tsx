// What a navigation to the dashboard shows until its figures arrive: the page's title, filter bar,
// figures, charts and the two lists, as placeholders in the same grid.
import { Card } from "@/components/ui/card";
import { Bar, Lines, PageSkeleton } from "@/components/ui/skeleton";
import { ChartGrid } from "./_sections/charts";

export default function DashboardLoading() {
  return (
    <PageSkeleton title="Dashboard" actions={2}>
      <div className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-border bg-surface p-3">
        {["w-32", "w-28", "w-36", "w-36"].map((w, i) => (
          <div key={i} className="space-y-1">
            <Bar className="h-3 w-12" />
            <Bar className={`h-7 ${w}`} />
          </div>
        ))}
      </div>
      <div className="mb-8 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6">
        {Array.from({ length: 6 }, (_, i) => (
          <div
            key={i}
            className="space-y-2 rounded-lg border border-border bg-surface p-3"
          >
            <Bar className="h-3 w-2/3" />
            <Bar className="h-7 w-1/3" />
            <Bar className="h-3 w-1/2" />
          </div>
        ))}
      </div>
      <ChartGrid />
      <div className="mt-8 grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card>
          <Lines count={6} />
        </Card>
        <Card>
          <Lines count={6} />
        </Card>
      </div>
    </PageSkeleton>
  );
}
