"use server";
import { revalidatePath } from "next/cache";
import { runAction, runFormAction, type ActionResult } from "@/lib/http/action";
import {
  createWebhook,
  sendTest,
  setWebhookActive,
} from "@/lib/webhooks/webhooks";

export async function createWebhookAction(
  _prev: ActionResult<{ secret: string; url: string }> | null,
  form: FormData,
) {
  return runFormAction(
    form,
    async (actor, v) => {
      const hook = await createWebhook(actor, {
        url: v.url,
        events: (v.events ?? "").split(/[\s,]+/).filter(Boolean),
        secret: v.secret,
      });
      return { secret: hook.secret, url: hook.url };
    },
    { refresh: ["/settings/webhooks"] },
  );
}

export async function sendTestAction(id: number): Promise<ActionResult<null>> {
  const result = await runAction((actor) => {
    sendTest(actor, id);
    return null;
  });
  revalidatePath("/settings/webhooks");
  return result;
}

export async function toggleWebhookAction(
  id: number,
  active: boolean,
): Promise<ActionResult<null>> {
  const result = await runAction((actor) => {
    setWebhookActive(actor, id, active);
    return null;
  });
  revalidatePath("/settings/webhooks");
  return result;
}
