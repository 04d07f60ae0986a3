// Every stage the version has been in, with who moved it, overrides marked, and why.
// Its read streams in after the page's shell (see after-shell.ts).
import { StageBadge } from "@/components/registry/stage-badge";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { formatDateTime } from "@/lib/format";
import { stageHistory } from "@/lib/lifecycle/stage-history";
import type { VersionDto } from "@/lib/registry/dto";
import { afterShell } from "@/app/(app)/after-shell";

export async function StageHistoryCard({
  actor,
  name,
  v,
}: {
  actor: Actor;
  name: string;
  v: VersionDto;
}) {
  await afterShell();
  const history = stageHistory(actor, name, String(v.version));
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">Stage history</h2>
      <ol className="space-y-1 text-sm" aria-label="Stage history">
        <li>
          {formatDateTime(v.created_at)}: registered in{" "}
          <StageBadge stage="none" />
        </li>
        {history.map((h, i) => (
          <li key={i}>
            {formatDateTime(h.at)}:{" "}
            <StageBadge stage={h.from_stage as "none"} /> →{" "}
            <StageBadge stage={h.to_stage as "none"} />
            {h.actor ? ` by ${h.actor}` : ""}
            {h.override ? (
              <span className="ml-1 text-xs font-semibold text-danger">
                override
              </span>
            ) : null}
            {h.reason ? (
              <span className="text-xs text-muted"> — {h.reason}</span>
            ) : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
