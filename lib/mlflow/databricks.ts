// Databricks' transition-request and comment endpoints of the registry API, mapped onto
// Stageline's requests and comments (the open-source MLflow client has no approval API of its own).
import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  transitionRequests,
  user,
  type TransitionRequestRow,
} from "@/db/schema";
import { assertCan } from "@/lib/auth/permissions";
import {
  addComment,
  deleteComment,
  editComment,
} from "@/lib/comments/comments";
import { approveRequest, rejectRequest } from "@/lib/lifecycle/decisions";
import { cancelRequest, requestTransition } from "@/lib/lifecycle/requests";
import { loadModel, loadVersion } from "@/lib/registry/load";
import { STAGE_TO_MLFLOW } from "./entities";
import { MlflowError, versionNotFound } from "./errors";
import type { Handler } from "./handlers";
import type { Params } from "./params";

function target(p: Params): "staging" | "production" | "archived" {
  const stage = p.str("stage", true).trim().toLowerCase();
  if (stage !== "staging" && stage !== "production" && stage !== "archived")
    throw new MlflowError(
      "INVALID_PARAMETER_VALUE",
      `Invalid stage for a transition request: ${p.str("stage")}. Value must be one of Staging, Production, Archived.`,
    );
  return stage;
}

function versionOf(p: Params) {
  const db = getDb();
  const name = p.str("name", true);
  const v = p.str("version", true);
  try {
    const model = loadModel(db, name);
    return { name, version: loadVersion(db, model, v) };
  } catch {
    throw versionNotFound(name, v);
  }
}

function openRequest(versionId: number, to: string): TransitionRequestRow {
  const row = getDb()
    .select()
    .from(transitionRequests)
    .where(
      and(
        eq(transitionRequests.versionId, versionId),
        eq(transitionRequests.toStage, to as "staging"),
        eq(transitionRequests.status, "open"),
      ),
    )
    .get();
  if (!row)
    throw new MlflowError(
      "RESOURCE_DOES_NOT_EXIST",
      `No open transition request to ${STAGE_TO_MLFLOW[to as keyof typeof STAGE_TO_MLFLOW]} for this model version`,
    );
  return row;
}

const emailOf = (id: string | null) =>
  id
    ? (getDb()
        .select({ email: user.email })
        .from(user)
        .where(eq(user.id, id))
        .get()?.email ?? "")
    : "";

function activity(r: TransitionRequestRow, type: string, comment: string) {
  return {
    activity_type: type,
    from_stage: STAGE_TO_MLFLOW[r.fromStage],
    to_stage: STAGE_TO_MLFLOW[r.toStage],
    user_id: emailOf(r.resolvedBy ?? r.requestedBy),
    creation_timestamp: r.createdAt,
    last_updated_timestamp: r.resolvedAt ?? r.createdAt,
    comment,
    id: String(r.id),
  };
}

const create: Handler = (actor, p) => {
  const { name, version } = versionOf(p);
  const row = requestTransition(actor, name, version.version, {
    to_stage: target(p),
    comment: p.str("comment") ?? "",
  });
  return {
    request: {
      creation_timestamp: row.createdAt,
      to_stage: STAGE_TO_MLFLOW[row.toStage],
      user_id: actor.email,
      comment: row.comment,
    },
  };
};

const list: Handler = (actor, p) => {
  assertCan(actor, "models.read");
  const { version } = versionOf(p);
  const rows = getDb()
    .select()
    .from(transitionRequests)
    .where(
      and(
        eq(transitionRequests.versionId, version.id),
        eq(transitionRequests.status, "open"),
      ),
    )
    .orderBy(asc(transitionRequests.id))
    .all();
  return rows.length
    ? {
        requests: rows.map((r) => ({
          creation_timestamp: r.createdAt,
          to_stage: STAGE_TO_MLFLOW[r.toStage],
          user_id: emailOf(r.requestedBy),
          comment: r.comment,
        })),
      }
    : {};
};

const approve: Handler = (actor, p) => {
  const { version } = versionOf(p);
  const open = openRequest(version.id, target(p));
  const comment = p.str("comment") ?? "";
  const row = approveRequest(actor, open.id, { comment });
  return {
    activity: activity(
      row,
      row.status === "applied" ? "APPLIED_TRANSITION" : "APPROVED_REQUEST",
      comment,
    ),
  };
};

const reject: Handler = (actor, p) => {
  const { version } = versionOf(p);
  const open = openRequest(version.id, target(p));
  const comment = p.str("comment") ?? "";
  if (!comment.trim())
    throw new MlflowError(
      "INVALID_PARAMETER_VALUE",
      "Missing value for required parameter 'comment'. A rejection needs a comment saying why.",
    );
  const row = rejectRequest(actor, open.id, { comment });
  return { activity: activity(row, "REJECTED_REQUEST", comment) };
};

const remove: Handler = (actor, p) => {
  const { version } = versionOf(p);
  cancelRequest(actor, openRequest(version.id, target(p)).id);
  return {};
};

const commentCreate: Handler = (actor, p) => {
  const { name, version } = versionOf(p);
  const c = addComment(actor, name, version.version, p.str("comment", true));
  return {
    comment: {
      id: String(c.id),
      user_id: actor.email,
      creation_timestamp: c.created_at,
      last_updated_timestamp: c.updated_at,
      comment: c.body,
    },
  };
};

const commentId = (p: Params) => {
  const id = p.str("id", true);
  if (!/^\d{1,12}$/.test(id))
    throw new MlflowError(
      "INVALID_PARAMETER_VALUE",
      `Invalid comment id '${id}'`,
    );
  return Number(id);
};

const commentUpdate: Handler = (actor, p) => {
  const id = commentId(p);
  const body = p.str("comment", true);
  editComment(actor, id, body);
  return { comment: { id: String(id), user_id: actor.email, comment: body } };
};

const commentDelete: Handler = (actor, p) => {
  deleteComment(actor, commentId(p));
  return {};
};

export const DATABRICKS_ROUTES = {
  "transition-requests/create": { POST: create },
  "transition-requests/list": { GET: list },
  "transition-requests/approve": { POST: approve },
  "transition-requests/reject": { POST: reject },
  "transition-requests/delete": { DELETE: remove },
  "comments/create": { POST: commentCreate },
  "comments/update": { PATCH: commentUpdate },
  "comments/delete": { DELETE: commentDelete },
} satisfies Record<string, Record<string, Handler>>;
