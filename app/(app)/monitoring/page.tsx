import type { Metadata } from "next";
import { DeploymentList } from "@/components/monitoring/deployment-list";
import { PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { liveDeploymentHealth } from "@/lib/monitoring/queries";

export const metadata: Metadata = { title: "Monitoring" };

export default async function MonitoringPage() {
  const actor = await requirePagePermission("monitoring.read");
  return (
    <>
      <PageHeader title="Monitoring" description="Live deployments over the last hour. The page refreshes on its own." />
      <DeploymentList initial={liveDeploymentHealth(actor)} />
    </>
  );
}
