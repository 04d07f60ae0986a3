// "My requests": the signed-in user's own transition, alias, rollback and retirement requests, newest
// first, with what became of each. A light read (no gates, evidence or impact): the reviewer's
// inbox (queries.ts) computes those; the requester needs the outcome, who decided and why.
import "server-only";
import { alias } from "drizzle-orm/sqlite-core";
import { asc, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  modelVersions,
  registeredModels,
  retirements,
  reviews,
  transitionRequests,
  user,
  type RetirementRow,
  type TransitionRequestRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";

/** What a requester reads as the request's state. An approved retirement waits for its sunset
 *  ("approved") before it is carried out ("applied"). */
export type MyRequestStatus =
  "pending" | "approved" | "applied" | "rejected" | "cancelled";

export type MyRequest = {
  id: number;
  kind: TransitionRequestRow["kind"];
  status: MyRequestStatus;
  model: string;
  /** Null for the retirement of a whole model. */
  version: number | null;
  alias: string | null;
  from_stage: TransitionRequestRow["fromStage"];
  to_stage: TransitionRequestRow["toStage"];
  comment: string;
  created_at: number;
  resolved_at: number | null;
  /** Who closed it (the last reviewer, an admin, the requester who cancelled), if anyone. */
  decided_by: string | null;
  resolution_comment: string | null;
  /** Reviews so far, oldest first: a pending request shows who already approved. */
  reviews: { reviewer: string; decision: string; comment: string }[];
  /** Retirements: the planned sunset. */
  sunset_at: number | null;
};

export function listMyRequests(actor: Actor, limit = 50): MyRequest[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const decider = alias(user, "decider");
  const rows = db
    .select({
      r: transitionRequests,
      model: registeredModels.name,
      version: modelVersions.version,
      decidedBy: decider.name,
      retirementStatus: retirements.status,
      sunsetAt: retirements.sunsetAt,
    })
    .from(transitionRequests)
    .innerJoin(
      registeredModels,
      eq(registeredModels.id, transitionRequests.modelId),
    )
    .leftJoin(modelVersions, eq(modelVersions.id, transitionRequests.versionId))
    .leftJoin(decider, eq(decider.id, transitionRequests.resolvedBy))
    .leftJoin(retirements, eq(retirements.requestId, transitionRequests.id))
    .where(eq(transitionRequests.requestedBy, actor.id))
    .orderBy(desc(transitionRequests.id))
    .limit(Math.min(Math.max(limit, 1), 200))
    .all();
  const reviewRows = rows.length
    ? db
        .select({
          requestId: reviews.requestId,
          reviewer: user.name,
          decision: reviews.decision,
          comment: reviews.comment,
        })
        .from(reviews)
        .innerJoin(user, eq(user.id, reviews.reviewerId))
        .where(
          inArray(
            reviews.requestId,
            rows.map((x) => x.r.id),
          ),
        )
        .orderBy(asc(reviews.id))
        .all()
    : [];
  return rows.map(
    ({ r, model, version, decidedBy, retirementStatus, sunsetAt }) => ({
      id: r.id,
      kind: r.kind,
      status: statusOf(r.status, retirementStatus),
      model,
      version: version ?? null,
      alias: r.alias,
      from_stage: r.fromStage,
      to_stage: r.toStage,
      comment: r.comment,
      created_at: r.createdAt,
      resolved_at: r.resolvedAt,
      decided_by: decidedBy ?? null,
      resolution_comment: r.resolutionComment,
      reviews: reviewRows
        .filter((x) => x.requestId === r.id)
        .map(({ reviewer, decision, comment }) => ({
          reviewer,
          decision,
          comment,
        })),
      sunset_at: sunsetAt ?? null,
    }),
  );
}

function statusOf(
  status: TransitionRequestRow["status"],
  retirement: RetirementRow["status"] | null,
): MyRequestStatus {
  if (status === "open") return "pending";
  if (status === "applied")
    return retirement === "scheduled" ? "approved" : "applied";
  return status;
}
