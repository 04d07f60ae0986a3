// Asking for a stage change (data scientists) and the admin override, for a writable version.
import { StageBadge } from "@/components/registry/stage-badge";
import {
  OverrideForm,
  RequestTransitionForm,
} from "@/components/lifecycle/transition-forms";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import type { VersionDto } from "@/lib/registry/dto";
import {
  overrideAction,
  requestTransitionAction,
} from "../../../../lifecycle-actions";

export function LifecycleCard({
  actor,
  name,
  v,
  writable,
  deprecated,
}: {
  actor: Actor;
  name: string;
  v: VersionDto;
  writable: boolean;
  deprecated: boolean;
}) {
  if (
    !writable ||
    !(can(actor, "requests.create") || can(actor, "transitions.override"))
  )
    return null;
  return (
    // The summary's "Request transition" jumps here.
    <Card id="lifecycle" className="scroll-mt-4">
      <h2 className="mb-2 text-sm font-semibold">Lifecycle</h2>
      <p className="mb-3 text-sm">
        Now in <StageBadge stage={v.stage} />
      </p>
      {deprecated ? (
        <p className="text-sm text-muted">
          Deprecated: it cannot be promoted any more.
        </p>
      ) : can(actor, "requests.create") ? (
        <RequestTransitionForm
          action={requestTransitionAction.bind(null, name, v.version)}
          current={v.stage}
        />
      ) : null}
      {can(actor, "transitions.override") ? (
        <details className="mt-4 border-t border-border pt-3">
          <summary className="cursor-pointer text-sm font-medium">
            Admin override
          </summary>
          <div className="mt-3">
            <OverrideForm
              action={overrideAction.bind(null, name, v.version)}
              current={v.stage}
            />
          </div>
        </details>
      ) : null}
    </Card>
  );
}
