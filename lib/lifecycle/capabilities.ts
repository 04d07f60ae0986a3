// What a user may do with a transition request, for the services and the pages that show the
// buttons: one rule each, decided through lib/auth/permissions.ts.
import type { Actor } from "@/lib/auth/actor";
import { canActOn } from "@/lib/auth/permissions";

/** The requester cancels their own open request; an admin cancels anyone's. */
export function canCancelRequest(
  actor: Actor | null | undefined,
  request: { requestedBy: string | null },
): boolean {
  return canActOn(
    actor,
    request.requestedBy,
    "requests.create",
    "requests.cancel_any",
  );
}
