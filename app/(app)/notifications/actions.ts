"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/http/action";
import { markRead } from "@/lib/notifications/notifications";

export async function markAllReadAction() {
  const result = await runAction((actor) => {
    markRead(actor, "all");
    return null;
  });
  revalidatePath("/", "layout");
  return result;
}
