"use server";
import { revalidatePath } from "next/cache";
import { runAction, runFormAction, type ActionResult } from "@/lib/http/action";
import { addSigningKey, revokeSigningKey } from "@/lib/signing/trusted-keys";

export async function addSigningKeyAction(_prev: ActionResult<{ name: string; fingerprint: string }> | null, form: FormData) {
  const result = await runFormAction(form, (actor, v) => {
    const key = addSigningKey(actor, { name: v.name, public_key: v.public_key });
    return { name: key.name, fingerprint: key.fingerprint };
  });
  if (result.ok) revalidatePath("/settings/signing-keys");
  return result;
}

export async function revokeSigningKeyAction(id: number): Promise<ActionResult<null>> {
  const result = await runAction((actor) => {
    revokeSigningKey(actor, id);
    return null;
  });
  if (result.ok) revalidatePath("/settings/signing-keys");
  return result;
}
