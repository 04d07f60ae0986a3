// What a navigation to monitoring shows until the live deployments' last hour arrives: the title,
// the deployments table and the alert rules, as placeholders. (In the route group so that it covers
// this list only: a deployment's page must still answer 404 when the deployment is unknown.)
import { Bar, PageSkeleton, TableSkeleton } from "@/components/ui/skeleton";

export default function MonitoringLoading() {
  return (
    <PageSkeleton title="Monitoring">
      <TableSkeleton rows={4} />
      <Bar className="mt-8 mb-2 h-4 w-24" />
      <TableSkeleton rows={3} />
    </PageSkeleton>
  );
}
