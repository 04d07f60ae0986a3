"use server";
import { revalidatePath } from "next/cache";
import { runAction, runFormAction, type ActionResult } from "@/lib/http/action";
import { createToken, revokeToken } from "@/lib/tokens/tokens";

export async function createTokenAction(_prev: ActionResult<{ token: string; name: string }> | null, form: FormData) {
  const result = await runFormAction(form, (actor, values) => {
    const { token, summary } = createToken(actor, values);
    return { token, name: summary.name };
  });
  if (result.ok) revalidatePath("/settings/tokens");
  return result;
}

export async function revokeTokenAction(tokenId: number): Promise<ActionResult<null>> {
  const result = await runAction((actor) => {
    revokeToken(actor, tokenId);
    return null;
  });
  if (result.ok) revalidatePath("/settings/tokens");
  return result;
}
