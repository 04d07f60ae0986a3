import type { Metadata } from "next";
import { AuditTable } from "@/components/audit-table";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { recentAuditEvents } from "@/lib/audit/audit-queries";
import { requirePagePermission } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage() {
  const actor = await requirePagePermission("audit.read");
  const events = recentAuditEvents(actor, 200);
  return (
    <>
      <PageHeader title="Audit trail" description="Every change, who made it and how, newest first. The log is append-only and hash-chained." />
      {events.length === 0 ? <EmptyState title="Nothing has happened yet" /> : <AuditTable events={events} />}
    </>
  );
}
