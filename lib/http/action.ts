// The one wrapper every server action goes through: authenticate, run the service, and turn
// domain errors into a form-friendly result. Authorization itself stays in the service. Below
// it, the shapes the actions share (a change that refreshes its page, a form that adds a row, a
// redirect after a change that moves the page).
import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { Actor } from "@/lib/auth/actor";
import { currentActor } from "@/lib/auth/session";
import { DomainError, storageError, type FieldErrors } from "@/lib/errors";

export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | {
      ok: false;
      error: string;
      fieldErrors?: FieldErrors;
      values?: Record<string, string>;
    };

/** The signature of an action a form runs through `useActionState`. */
export type FormAction<T> = (
  prev: ActionResult<T> | null,
  form: FormData,
) => Promise<ActionResult<T>>;

/** What an action does after its service succeeded: the pages whose server-rendered data changed. */
export type ActionOptions = { refresh?: readonly string[] };

export async function runAction<T>(
  fn: (actor: Actor) => Promise<T> | T,
  options: ActionOptions = {},
): Promise<ActionResult<T>> {
  const actor = await currentActor();
  if (!actor)
    return { ok: false, error: "Your session has ended. Sign in again." };
  try {
    const data = await fn(actor);
    for (const path of options.refresh ?? []) revalidatePath(path);
    return { ok: true, data };
  } catch (error) {
    const refused = domainFailure(error);
    if (refused) return refused;
    const full = storageError(error);
    if (full) return { ok: false, error: full.message };
    console.error("[stageline] action failed", error);
    return {
      ok: false,
      error: "Something went wrong on the server. Try again.",
    };
  }
}

/** A domain error as the failure an action answers (its message and field errors); null for any
 *  other error, which the caller handles itself. */
export function domainFailure(
  error: unknown,
): Extract<ActionResult, { ok: false }> | null {
  if (!(error instanceof DomainError)) return null;
  return {
    ok: false,
    error: error.message,
    fieldErrors: error.details?.fields,
  };
}

/** runAction for a form: on failure the submitted values come back so the form can show them again
 *  (React resets a form after its action runs). Secrets (password fields) are never echoed. */
export async function runFormAction<T>(
  form: FormData,
  fn: (actor: Actor, values: Record<string, string>) => Promise<T> | T,
  options: ActionOptions = {},
): Promise<ActionResult<T>> {
  const values = formObject(form);
  const result = await runAction((actor) => fn(actor, values), options);
  if (result.ok) return result;
  const echoed = Object.fromEntries(
    Object.entries(values).filter(([k]) => !/password|secret|token/i.test(k)),
  );
  return { ...result, values: echoed };
}

/** FormData to a plain object of strings, with empty fields left out (so optional fields stay optional). */
export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (
      typeof value === "string" &&
      value.trim() !== "" &&
      !key.startsWith("$ACTION")
    )
      out[key] = value;
  }
  return out;
}

/** A change whose result the page does not need: answers null, and refreshes `page`. */
export function runChange(
  page: string,
  change: (actor: Actor) => unknown,
): Promise<ActionResult<null>> {
  return runAction(
    async (actor) => {
      await change(actor);
      return null;
    },
    { refresh: [page] },
  );
}

/** A form that adds something: answers only the new row's id, and refreshes `page`. */
export function runAddForm(
  form: FormData,
  page: string,
  add: (actor: Actor, values: Record<string, string>) => { id: number },
): Promise<ActionResult<{ id: number }>> {
  return runFormAction(form, (actor, v) => ({ id: add(actor, v).id }), {
    refresh: [page],
  });
}

/** After a change that moves or removes the page it was made on: on success refresh `page` and
 *  go to `to(data)`; a failure is answered as it is, for the form to show. */
export function redirectOnSuccess<T>(
  result: ActionResult<T>,
  page: string,
  to: (data: T) => string,
): ActionResult<T> {
  if (!result.ok) return result;
  revalidatePath(page);
  redirect(to(result.data));
}
