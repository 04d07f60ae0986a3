"use server";
import {
  addComment,
  deleteComment,
  editComment,
} from "@/lib/comments/comments";
import { createDeployment } from "@/lib/deployments/deployments";
import {
  runAction,
  runAddForm,
  runChange,
  type ActionResult,
} from "@/lib/http/action";
import { requestAliasMove } from "@/lib/lifecycle/alias-requests";
import {
  cancelRequest,
  requestRollback,
  requestTransition,
} from "@/lib/lifecycle/requests";
import { overrideTransition } from "@/lib/lifecycle/decisions";
import { modelHref, versionHref } from "@/lib/registry/paths";

export async function requestTransitionAction(
  name: string,
  version: number,
  _prev: ActionResult<{ id: number }> | null,
  form: FormData,
) {
  return runAddForm(form, versionHref(name, version), (actor, v) =>
    requestTransition(actor, name, version, {
      to_stage: v.to_stage,
      comment: v.comment ?? "",
    }),
  );
}

/** The "Request" button of a protected alias: reviewers approve the move in their inbox. */
export async function requestAliasAction(
  name: string,
  alias: string,
  version: string,
  comment = "",
): Promise<ActionResult<{ id: number; status: string }>> {
  return runAction(
    (actor) => {
      const r = requestAliasMove(actor, name, version, { alias, comment });
      return { id: r.id, status: r.status };
    },
    { refresh: [modelHref(name)] },
  );
}

export async function overrideAction(
  name: string,
  version: number,
  _prev: ActionResult<{ id: number }> | null,
  form: FormData,
) {
  return runAddForm(form, versionHref(name, version), (actor, v) =>
    overrideTransition(actor, name, version, {
      to_stage: v.to_stage,
      reason: v.reason ?? "",
    }),
  );
}

export async function cancelRequestAction(
  name: string,
  version: number,
  id: number,
): Promise<ActionResult<null>> {
  return runChange(versionHref(name, version), (actor) =>
    cancelRequest(actor, id),
  );
}

export async function rollbackAction(
  name: string,
): Promise<ActionResult<{ id: number; version: number }>> {
  return runAction(
    (actor) => {
      const r = requestRollback(actor, name);
      return { id: r.id, version: 0 };
    },
    { refresh: [modelHref(name)] },
  );
}

export async function addCommentAction(
  name: string,
  version: number,
  _prev: ActionResult<{ id: number }> | null,
  form: FormData,
) {
  return runAddForm(form, versionHref(name, version), (actor, v) =>
    addComment(actor, name, version, v.body ?? ""),
  );
}

export async function editCommentAction(
  name: string,
  version: number,
  id: number,
  body: string,
): Promise<ActionResult<null>> {
  return runChange(versionHref(name, version), (actor) =>
    editComment(actor, id, body),
  );
}

export async function deleteCommentAction(
  name: string,
  version: number,
  id: number,
): Promise<ActionResult<null>> {
  return runChange(versionHref(name, version), (actor) =>
    deleteComment(actor, id),
  );
}

export async function deployAction(
  name: string,
  version: number,
  _prev: ActionResult<{ id: number }> | null,
  form: FormData,
) {
  return runAddForm(form, versionHref(name, version), (actor, v) =>
    createDeployment(actor, name, {
      version,
      environment: v.environment ?? "",
      target: "stageline",
    }),
  );
}
