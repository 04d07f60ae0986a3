"use server";
import { revalidatePath } from "next/cache";
import { runAction, runFormAction, type ActionResult } from "@/lib/http/action";
import { changeRole, createUser, setActive } from "@/lib/users/users";

export async function createUserAction(_prev: ActionResult<{ email: string }> | null, form: FormData) {
  const result = await runFormAction(form, async (actor, values) => {
    const created = await createUser(actor, values);
    return { email: created.email };
  });
  if (result.ok) revalidatePath("/settings/users");
  return result;
}

export async function changeRoleAction(userId: string, role: string): Promise<ActionResult<null>> {
  const result = await runAction((actor) => {
    changeRole(actor, { userId, role });
    return null;
  });
  if (result.ok) revalidatePath("/settings/users");
  return result;
}

export async function setActiveAction(userId: string, active: boolean): Promise<ActionResult<null>> {
  const result = await runAction((actor) => {
    setActive(actor, { userId, active });
    return null;
  });
  if (result.ok) revalidatePath("/settings/users");
  return result;
}
