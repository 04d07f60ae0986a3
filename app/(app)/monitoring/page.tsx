import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Monitoring" };

export default async function MonitoringPage() {
  await requirePagePermission("monitoring.read");
  return (
    <>
      <PageHeader title="Monitoring" description="Live deployments: traffic, latency, errors and drift." />
      <EmptyState title="No deployments yet">Deployments and the prediction endpoint are not built in this version of Stageline yet.</EmptyState>
    </>
  );
}
