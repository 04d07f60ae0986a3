// The shapes the model pages' server actions share. Each runs one lib/ service for the signed-in
// actor through runAction / runFormAction (which authenticate; the service itself authorizes),
// then refreshes the page that shows the change, or redirects to where the change now lives.
import "server-only";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { Actor } from "@/lib/auth/actor";
import { runAction, runFormAction, type ActionResult } from "@/lib/http/action";

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
