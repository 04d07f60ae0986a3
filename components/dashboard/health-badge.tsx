// A production model's health on the dashboard: the level in words and colour, and why. The reason
// is written under the badge when something needs a look, and is the badge's title (hover) and
// accessible description (keyboard focus, screen readers), so colour is never the only signal.
import { Badge } from "@/components/ui/badge";
import type { HealthLevel } from "@/lib/dashboard/health-rule";

const TONE = { green: "success", amber: "warning", red: "danger" } as const;

const GREEN_WHY =
  "served, with live data in the last 7 days, and nothing wrong";

export function HealthBadge({
  id,
  health,
  reasons,
}: {
  /** Unique on the page: the description's id derives from it. */
  id: string;
  health: HealthLevel;
  reasons: string[];
}) {
  const why = reasons.length ? reasons.join("; ") : GREEN_WHY;
  const whyId = `health-why-${id}`;
  return (
    <>
      <span
        tabIndex={0}
        title={why}
        aria-describedby={whyId}
        data-testid="health"
        className="inline-block rounded-full focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
      >
        <Badge tone={TONE[health]}>{health}</Badge>
      </span>
      <span
        id={whyId}
        className={reasons.length ? "block text-xs text-muted" : "sr-only"}
      >
        {why}
      </span>
    </>
  );
}
