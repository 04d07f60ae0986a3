import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/audit-table";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { recentAuditEvents } from "@/lib/audit/audit-queries";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const actor = await requirePagePermission("dashboard.read");
  const events = recentAuditEvents(actor, 10);
  return (
    <>
      <PageHeader title="Dashboard" description={`Welcome, ${actor.name}.`} />
      <section aria-labelledby="activity-heading">
        <div className="mb-2 flex items-baseline justify-between">
          <h2 id="activity-heading" className="text-sm font-semibold">
            Recent activity
          </h2>
          <Link href="/audit" className="text-sm text-accent underline">
            Full audit trail
          </Link>
        </div>
        {events.length === 0 ? <EmptyState title="No activity yet" /> : <AuditTable events={events} />}
      </section>
    </>
  );
}
