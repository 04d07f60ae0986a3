// Resolving an open request, in the caller's transaction: its row, however it ends (applied by
// ./apply.ts), and the whole closing of one that ends without being applied, as a reviewer's
// rejection (./decisions.ts) and the requester's cancellation (./requests.ts) both do it: the row, a
// retirement request's own record, and the audit event.
import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { transitionRequests, type TransitionRequestRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { emit, type Notice } from "@/lib/events/dispatch";
import { settleRetirement } from "@/lib/retirement/apply";
import { eventOf, type loadOpen } from "./review-state";

/** Marks the open request resolved: its status, who resolved it and when, and why when given. */
export function resolveRequest(
  tx: Tx,
  actor: Actor,
  requestId: number,
  status: "applied" | "rejected" | "cancelled",
  at: number,
  comment?: string,
): TransitionRequestRow {
  return tx
    .update(transitionRequests)
    .set({
      status,
      resolvedBy: actor.id,
      resolvedAt: at,
      resolutionComment: comment,
    })
    .where(eq(transitionRequests.id, requestId))
    .returning()
    .get();
}

/** Closes the open request as `status` at `at`; `comment`, when given, is the resolution's reason. */
export function closeRequest(
  tx: Tx,
  actor: Actor,
  { request, model, version }: ReturnType<typeof loadOpen>,
  status: "rejected" | "cancelled",
  at: number,
  comment?: string,
  notices: Notice[] = [],
): TransitionRequestRow {
  const updated = resolveRequest(tx, actor, request.id, status, at, comment);
  if (request.kind === "retirement") settleRetirement(tx, request.id, status);
  emit(
    tx,
    actor,
    {
      action: eventOf(request, status),
      entityType: "transition_request",
      entityId: request.id,
      before: { status: "open" },
      after: {
        status,
        model: model.name,
        version: version?.version ?? null,
        to: request.toStage,
        ...(comment === undefined ? {} : { comment }),
      },
    },
    notices,
  );
  return updated;
}
