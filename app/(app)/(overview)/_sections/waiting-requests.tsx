// The review requests that have waited longest, each linked to its model or version.
import { ModelOrVersionLink } from "@/components/retirement/retirement-details";
import { Card } from "@/components/ui/card";
import type { WaitingRequest } from "@/lib/dashboard/portfolio";
import { age } from "./links";

export function WaitingRequests({ waiting }: { waiting: WaitingRequest[] }) {
  return (
    <section aria-labelledby="waiting-heading">
      <h2 id="waiting-heading" className="mb-2 text-sm font-semibold">
        Requests waiting longest
      </h2>
      {waiting.length === 0 ? (
        <p className="text-sm text-muted">No request is waiting for review.</p>
      ) : (
        <Card>
          <ul
            className="space-y-2 text-sm"
            aria-label="Requests waiting longest"
          >
            {waiting.map((w) => (
              <li
                key={w.id}
                className="flex flex-wrap items-baseline justify-between gap-2"
              >
                <span>
                  <ModelOrVersionLink model={w.model} version={w.version} />{" "}
                  {w.kind === "retirement"
                    ? "retirement"
                    : w.kind === "alias"
                      ? "alias move"
                      : `→ ${w.to_stage}`}{" "}
                  <span className="text-xs text-muted">
                    by {w.requested_by ?? "—"}
                  </span>
                </span>
                <span className="text-xs text-muted">
                  waiting {age(w.waiting_ms)}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </section>
  );
}
