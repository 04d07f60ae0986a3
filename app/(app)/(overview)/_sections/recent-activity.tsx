// The latest audit events the viewer may see, in the same words and with the same subject links
// as the audit page (components/audit/audit-line.tsx).
import Link from "next/link";
import { ActivityLine } from "@/components/audit/audit-line";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { recentAuditLines } from "@/lib/audit/audit-queries";

export function RecentActivity({ actor }: { actor: Actor }) {
  const lines = recentAuditLines(actor, 8);
  return (
    <section aria-labelledby="activity-heading">
      <div className="mb-2 flex items-baseline justify-between">
        <h2 id="activity-heading" className="text-sm font-semibold">
          Recent activity
        </h2>
        <Link href="/audit" className="text-sm text-accent underline">
          Full audit trail
        </Link>
      </div>
      {lines.length === 0 ? (
        <p className="text-sm text-muted">No activity yet.</p>
      ) : (
        <Card>
          <ul
            className="space-y-1.5 text-sm [overflow-wrap:anywhere]"
            aria-label="Recent activity"
          >
            {lines.map((line) => (
              <li key={line.id}>
                <ActivityLine line={line} />
              </li>
            ))}
          </ul>
        </Card>
      )}
    </section>
  );
}
