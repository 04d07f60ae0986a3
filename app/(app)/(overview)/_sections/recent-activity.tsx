// The latest audit events the viewer may see, each linked to what it changed.
import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { recentAuditEvents } from "@/lib/audit/audit-queries";
import { activityLink } from "@/lib/dashboard/links";
import { formatDateTime } from "@/lib/format";

export function RecentActivity({ actor }: { actor: Actor }) {
  const events = recentAuditEvents(actor, 8);
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
      {events.length === 0 ? (
        <p className="text-sm text-muted">No activity yet.</p>
      ) : (
        <Card>
          <ul className="space-y-1.5 text-sm" aria-label="Recent activity">
            {events.map((e) => {
              const link = activityLink(e);
              return (
                <li key={e.id}>
                  <span className="text-xs text-muted">
                    {formatDateTime(e.at)}
                  </span>{" "}
                  {e.actorLabel}{" "}
                  <span className="font-mono text-xs">{e.action}</span>{" "}
                  {link ? (
                    <Link
                      href={link.href}
                      className="text-accent hover:underline"
                    >
                      {link.label}
                    </Link>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </Card>
      )}
    </section>
  );
}
