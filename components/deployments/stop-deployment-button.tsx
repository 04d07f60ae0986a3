"use client";
import { ActionButton } from "@/components/ui/action-button";
import type { ActionResult } from "@/lib/http/action";

/** Stops one deployment after a confirmation that says what stopping it does. */
export function StopDeploymentButton({
  id,
  environment,
  builtIn,
  stop,
}: {
  id: number;
  environment: string;
  builtIn: boolean;
  stop: () => Promise<ActionResult<null>>;
}) {
  return (
    <ActionButton
      variant="ghost"
      className="px-2 py-0.5 text-xs"
      run={stop}
      confirm={`Stop the ${environment} deployment #${id}? ${builtIn ? "The built-in endpoint stops answering for it." : "Stageline stops tracking it; the external service itself is not touched."}`}
      success={() => `Deployment #${id} stopped`}
      pendingText="Stopping…"
      aria-label={`Stop the ${environment} deployment`}
    >
      Stop
    </ActionButton>
  );
}
