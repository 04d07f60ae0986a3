import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { listDeliveries, listWebhooks } from "@/lib/webhooks/webhooks";
import { CreateWebhookForm, WebhookControls } from "./webhook-forms";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const actor = await requirePagePermission("webhooks.manage");
  const hooks = listWebhooks(actor);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description={
          <>
            Events are POSTed as JSON with{" "}
            <code className="font-mono">
              X-Stageline-Signature: sha256=&lt;HMAC of the body&gt;
            </code>{" "}
            and a delivery id; failures retry with backoff (up to 8 attempts)
            from a queue in the database.
          </>
        }
      />
      <Card className="mb-6">
        <h2 className="mb-3 text-sm font-semibold">New webhook</h2>
        <CreateWebhookForm />
      </Card>
      {hooks.length === 0 ? <EmptyState title="No webhooks yet" /> : null}
      <div className="space-y-4">
        {hooks.map((h) => (
          <Card key={h.id}>
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div className="min-w-0">
                <p className="font-mono text-sm break-all">{h.url}</p>
                <p className="text-xs text-muted">
                  #{h.id} · {h.events.join(", ")} ·{" "}
                  {h.active ? (
                    <Badge tone="success">active</Badge>
                  ) : (
                    <Badge>disabled</Badge>
                  )}
                </p>
              </div>
              <WebhookControls id={h.id} active={h.active} />
            </div>
            <div className="mt-3 overflow-x-auto">
              <table className="data-table text-xs">
                <caption className="sr-only">
                  Deliveries of webhook {h.id}
                </caption>
                <thead>
                  <tr>
                    <th>Event</th>
                    <th>Status</th>
                    <th className="num">Attempts</th>
                    <th>Response</th>
                    <th>Queued</th>
                  </tr>
                </thead>
                <tbody>
                  {listDeliveries(actor, h.id, 20).map((d) => (
                    <tr key={d.id}>
                      <td className="font-mono">{d.event}</td>
                      <td>{d.status}</td>
                      <td className="num">{d.attempts}</td>
                      <td>{d.last_status ?? d.last_error ?? "—"}</td>
                      <td className="nowrap">{formatDateTime(d.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        ))}
      </div>
    </>
  );
}
