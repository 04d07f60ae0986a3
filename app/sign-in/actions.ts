"use server";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/sign-in";
import { domainFailure, type ActionResult } from "@/lib/http/action";
import { safeNextPath } from "@/lib/http/safe-next";

export async function signInAction(
  _prev: ActionResult | null,
  form: FormData,
): Promise<ActionResult> {
  try {
    await signIn({
      email: form.get("email") ?? "",
      password: form.get("password") ?? "",
    });
  } catch (error) {
    // The e-mail comes back so the form keeps it; the password never does.
    const refused = domainFailure(error);
    if (refused)
      return { ...refused, values: { email: String(form.get("email") ?? "") } };
    throw error;
  }
  // Only paths of this app, so the sign-in page cannot be used to send anyone elsewhere.
  redirect(safeNextPath(form.get("next")));
}
