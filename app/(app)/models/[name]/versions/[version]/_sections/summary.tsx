// The version at a glance, first on the page: its stage and aliases, the model's key metric against
// production, the open request with its approvals, and the one next step for this viewer (ask for a
// transition, or review the open request). The evidence follows below it.
import Link from "next/link";
import { MetricChange } from "@/components/evaluation/metric-change";
import { StageBadge } from "@/components/registry/stage-badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { metricLabel } from "@/lib/evaluation/metric-names";
import { formatMetric } from "@/lib/format";
import type { VersionDto } from "@/lib/registry/dto";
import { productionOf, requestsOf } from "./reads";

export function VersionSummary({
  actor,
  name,
  v,
  keyMetric,
  canRequest,
}: {
  actor: Actor;
  name: string;
  v: VersionDto;
  keyMetric: string | null;
  /** The viewer may ask for a transition of this version (writable, not deprecated). */
  canRequest: boolean;
}) {
  const open = requestsOf(actor, name, v.version).find(
    (r) => r.status === "open",
  );
  const production = productionOf(actor, name, v.version);
  const metric = keyMetric ?? Object.keys(v.metrics).sort()[0] ?? null;
  const value = metric === null ? undefined : v.metrics[metric];
  const prod = metric === null ? undefined : production?.metrics[metric];
  const review =
    open && can(actor, "reviews.decide") && open.requested_by?.id !== actor.id;
  return (
    <Card>
      <div
        className="flex flex-wrap items-center justify-between gap-4"
        data-testid="version-summary"
      >
        <dl className="flex flex-wrap gap-x-8 gap-y-2 text-sm">
          <div>
            <dt className="text-xs text-muted">Stage</dt>
            <dd>
              <StageBadge stage={v.stage} />
              {v.aliases.map((a) => (
                <span
                  key={a}
                  className="ml-1 rounded bg-accent/10 px-1.5 py-0.5 font-mono text-xs text-accent"
                >
                  @{a}
                </span>
              ))}
            </dd>
          </div>
          {metric !== null && value !== undefined ? (
            <div>
              <dt className="text-xs text-muted">
                {metricLabel(metric)}
                {keyMetric ? " (key metric)" : ""}
              </dt>
              <dd>
                <span className="font-semibold tabular-nums">
                  {formatMetric(value)}
                </span>{" "}
                {production && prod !== undefined ? (
                  <>
                    <MetricChange
                      metric={metric}
                      value={value}
                      reference={prod}
                    />{" "}
                    {value === prod ? "as" : "than"} production v
                    {production.version}
                  </>
                ) : v.stage === "production" ? (
                  // Production is what others are measured against: nothing to compare it with.
                  <span className="text-muted">the production version</span>
                ) : (
                  <span className="text-muted">
                    no production version to compare
                  </span>
                )}
              </dd>
            </div>
          ) : null}
          <div>
            <dt className="text-xs text-muted">Review</dt>
            <dd>
              {open ? (
                <>
                  Request #{open.id}{" "}
                  {open.kind === "alias"
                    ? `for @${open.alias}`
                    : `to ${open.to_stage}`}
                  : {open.approvals}/{open.required_approvals} approvals
                  {open.gates.some((g) => !g.pass) ? (
                    <span className="text-danger"> · a gate fails</span>
                  ) : open.gates.length ? (
                    <span className="text-success"> · gates pass</span>
                  ) : null}
                </>
              ) : (
                <span className="text-muted">no open request</span>
              )}
            </dd>
          </div>
        </dl>
        {review ? (
          <Link
            href={`/reviews#request-${open.id}`}
            className={buttonClass("primary")}
          >
            Review request #{open.id}
          </Link>
        ) : canRequest && !open ? (
          <a href="#lifecycle" className={buttonClass("primary")}>
            Request transition
          </a>
        ) : null}
      </div>
    </Card>
  );
}
