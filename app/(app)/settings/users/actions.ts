"use server";
import { runChange, runFormAction, type ActionResult } from "@/lib/http/action";
import { changeRole, createUser, setActive } from "@/lib/users/users";

export async function createUserAction(
  _prev: ActionResult<{ email: string }> | null,
  form: FormData,
) {
  return runFormAction(
    form,
    async (actor, values) => {
      const created = await createUser(actor, values);
      return { email: created.email };
    },
    { refresh: ["/settings/users"] },
  );
}

export async function changeRoleAction(
  userId: string,
  role: string,
): Promise<ActionResult<null>> {
  return runChange("/settings/users", (actor) =>
    changeRole(actor, { userId, role }),
  );
}

export async function setActiveAction(
  userId: string,
  active: boolean,
): Promise<ActionResult<null>> {
  return runChange("/settings/users", (actor) =>
    setActive(actor, { userId, active }),
  );
}
