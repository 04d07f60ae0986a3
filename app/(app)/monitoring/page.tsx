import type { Metadata } from "next";
import { AlertRules } from "@/components/monitoring/alert-rules";
import { DeploymentList } from "@/components/monitoring/deployment-list";
import { listRules } from "@/lib/alerts/rules";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { liveDeploymentHealth } from "@/lib/monitoring/queries";

export const metadata: Metadata = { title: "Monitoring" };

export default async function MonitoringPage() {
  const actor = await requirePagePermission("monitoring.read");
  return (
    <>
      <PageHeader
        title="Monitoring"
        description="Live deployments over the last hour. The page refreshes on its own."
      />
      <DeploymentList initial={liveDeploymentHealth(actor)} />
      <h2 className="mt-8 mb-2 text-sm font-semibold">Alert rules</h2>
      <AlertRules initial={listRules(actor)} />
    </>
  );
}
