"use server";
import { runChange, runFormAction, type ActionResult } from "@/lib/http/action";
import { createToken, revokeToken } from "@/lib/tokens/tokens";

export async function createTokenAction(
  _prev: ActionResult<{ token: string; name: string }> | null,
  form: FormData,
) {
  return runFormAction(
    form,
    (actor, values) => {
      const { token, summary } = createToken(actor, values);
      return { token, name: summary.name };
    },
    { refresh: ["/settings/tokens"] },
  );
}

export async function revokeTokenAction(
  tokenId: number,
): Promise<ActionResult<null>> {
  return runChange("/settings/tokens", (actor) => revokeToken(actor, tokenId));
}
