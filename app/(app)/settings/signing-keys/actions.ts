"use server";
import { runChange, runFormAction, type ActionResult } from "@/lib/http/action";
import { addSigningKey, revokeSigningKey } from "@/lib/signing/trusted-keys";

export async function addSigningKeyAction(
  _prev: ActionResult<{ name: string; fingerprint: string }> | null,
  form: FormData,
) {
  return runFormAction(
    form,
    (actor, v) => {
      const key = addSigningKey(actor, {
        name: v.name,
        public_key: v.public_key,
      });
      return { name: key.name, fingerprint: key.fingerprint };
    },
    { refresh: ["/settings/signing-keys"] },
  );
}

export async function revokeSigningKeyAction(
  id: number,
): Promise<ActionResult<null>> {
  return runChange("/settings/signing-keys", (actor) =>
    revokeSigningKey(actor, id),
  );
}
