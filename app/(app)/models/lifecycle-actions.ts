"use server";
import { revalidatePath } from "next/cache";
import { addComment, deleteComment, editComment } from "@/lib/comments/comments";
import { createDeployment } from "@/lib/deployments/deployments";
import { runAction, runFormAction, type ActionResult } from "@/lib/http/action";
import { requestAliasMove } from "@/lib/lifecycle/alias-requests";
import { cancelRequest, overrideTransition, requestRollback, requestTransition } from "@/lib/lifecycle/requests";
import { modelHref, versionHref } from "@/lib/registry/paths";

export async function requestTransitionAction(name: string, version: number, _prev: ActionResult<{ id: number }> | null, form: FormData) {
  const result = await runFormAction(form, (actor, v) => ({ id: requestTransition(actor, name, version, { to_stage: v.to_stage, comment: v.comment ?? "" }).id }));
  if (result.ok) revalidatePath(versionHref(name, version));
  return result;
}

/** The "Request" button of a protected alias: reviewers approve the move in their inbox. */
export async function requestAliasAction(name: string, alias: string, version: string, comment = ""): Promise<ActionResult<{ id: number; status: string }>> {
  const result = await runAction((actor) => {
    const r = requestAliasMove(actor, name, version, { alias, comment });
    return { id: r.id, status: r.status };
  });
  if (result.ok) revalidatePath(modelHref(name));
  return result;
}

export async function overrideAction(name: string, version: number, _prev: ActionResult<{ id: number }> | null, form: FormData) {
  const result = await runFormAction(form, (actor, v) => ({ id: overrideTransition(actor, name, version, { to_stage: v.to_stage, reason: v.reason ?? "" }).id }));
  if (result.ok) revalidatePath(versionHref(name, version));
  return result;
}

export async function cancelRequestAction(name: string, version: number, id: number): Promise<ActionResult<null>> {
  const result = await runAction((actor) => {
    cancelRequest(actor, id);
    return null;
  });
  if (result.ok) revalidatePath(versionHref(name, version));
  return result;
}

export async function rollbackAction(name: string): Promise<ActionResult<{ id: number; version: number }>> {
  const result = await runAction((actor) => {
    const r = requestRollback(actor, name);
    return { id: r.id, version: 0 };
  });
  if (result.ok) revalidatePath(modelHref(name));
  return result;
}

export async function addCommentAction(name: string, version: number, _prev: ActionResult<{ id: number }> | null, form: FormData) {
  const result = await runFormAction(form, (actor, v) => ({ id: addComment(actor, name, version, v.body ?? "").id }));
  if (result.ok) revalidatePath(versionHref(name, version));
  return result;
}

export async function editCommentAction(name: string, version: number, id: number, body: string): Promise<ActionResult<null>> {
  const result = await runAction((actor) => {
    editComment(actor, id, body);
    return null;
  });
  if (result.ok) revalidatePath(versionHref(name, version));
  return result;
}

export async function deleteCommentAction(name: string, version: number, id: number): Promise<ActionResult<null>> {
  const result = await runAction((actor) => {
    deleteComment(actor, id);
    return null;
  });
  if (result.ok) revalidatePath(versionHref(name, version));
  return result;
}

export async function deployAction(name: string, version: number, _prev: ActionResult<{ id: number }> | null, form: FormData) {
  const result = await runFormAction(form, (actor, v) => ({ id: createDeployment(actor, name, { version, environment: v.environment ?? "", target: "stageline" }).id }));
  if (result.ok) revalidatePath(versionHref(name, version));
  return result;
}
