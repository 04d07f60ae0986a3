"use server";
import { runChange, runFormAction, type ActionResult } from "@/lib/http/action";
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
  return runChange("/settings/webhooks", (actor) => sendTest(actor, id));
}

export async function toggleWebhookAction(
  id: number,
  active: boolean,
): Promise<ActionResult<null>> {
  return runChange("/settings/webhooks", (actor) =>
    setWebhookActive(actor, id, active),
  );
}
