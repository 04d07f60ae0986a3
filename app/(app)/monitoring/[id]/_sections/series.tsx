// The deployment's series over the chosen range (throughput, latency, errors, live quality, drift):
// summed per bucket over up to 30 days of points, so they stream in after the page's heading (see
// after-shell.ts). The charts then poll the same query on their own.
import {
  dehydrate,
  HydrationBoundary,
  QueryClient,
} from "@tanstack/react-query";
import { DeploymentCharts } from "@/components/monitoring/deployment-charts";
import { Bar, Busy, ChartSkeleton } from "@/components/ui/skeleton";
import type { Actor } from "@/lib/auth/actor";
import type { DeploymentDto } from "@/lib/deployments/deployments";
import { seriesOfDeployment } from "@/lib/monitoring/queries";
import { deploymentSeriesQuery } from "@/lib/queries/options";
import { afterShell } from "@/app/(app)/after-shell";

export async function DeploymentSeries({
  actor,
  deployment,
  range,
}: {
  actor: Actor;
  deployment: DeploymentDto;
  range: string;
}) {
  await afterShell();
  const queryClient = new QueryClient();
  queryClient.setQueryData(
    deploymentSeriesQuery(deployment.id, range).queryKey,
    seriesOfDeployment(actor, deployment, range),
  );
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <DeploymentCharts id={deployment.id} range={range} />
    </HydrationBoundary>
  );
}

/** The charts while they load: the range links' row and the five chart cards, in the same grid. */
export function DeploymentSeriesSkeleton() {
  return (
    <Busy what="the deployment's charts" className="space-y-4">
      <Bar className="h-7 w-48" />
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        {Array.from({ length: 5 }, (_, i) => (
          <ChartSkeleton key={i} />
        ))}
      </div>
    </Busy>
  );
}
