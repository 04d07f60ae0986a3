import {
  dehydrate,
  HydrationBoundary,
  QueryClient,
} from "@tanstack/react-query";
import type { Metadata } from "next";
import { AlertRules } from "@/components/monitoring/alert-rules";
import { DeploymentList } from "@/components/monitoring/deployment-list";
import { listRules } from "@/lib/alerts/rules";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { liveDeploymentHealth } from "@/lib/monitoring/queries";
import { alertRulesQuery, deploymentHealthQuery } from "@/lib/queries/options";

export const metadata: Metadata = { title: "Monitoring" };

export default async function MonitoringPage() {
  const actor = await requirePagePermission("monitoring.read");
  const queryClient = new QueryClient();
  queryClient.setQueryData(
    deploymentHealthQuery().queryKey,
    liveDeploymentHealth(actor),
  );
  queryClient.setQueryData(alertRulesQuery().queryKey, listRules(actor));
  return (
    <>
      <PageHeader
        title="Monitoring"
        description="Live deployments over the last hour. The page refreshes on its own."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <DeploymentList />
        <h2 className="mt-8 mb-2 text-sm font-semibold">Alert rules</h2>
        <AlertRules />
      </HydrationBoundary>
    </>
  );
}
