"use server";
import { revalidatePath } from "next/cache";
import type { Actor } from "@/lib/auth/actor";
import { runFormAction, type ActionResult } from "@/lib/http/action";
import { modelHref, versionHref } from "@/lib/registry/paths";
import { restoreRetirement } from "@/lib/retirement/restore";
import { requestRetirement, retireNow } from "@/lib/retirement/retirement";

type Result = ActionResult<{ id: number; status: string }>;

/** Runs a retirement service on the form and answers the retirement's id and status; on success
 *  the model's (or version's) page and the retirements list show the change. */
async function run(
  form: FormData,
  name: string,
  version: number | null,
  change: (
    actor: Actor,
    v: Record<string, string>,
  ) => { id: number; status: string },
): Promise<Result> {
  const result = await runFormAction(form, (actor, v) => {
    const r = change(actor, v);
    return { id: r.id, status: r.status };
  });
  if (result.ok) {
    revalidatePath(
      version === null ? modelHref(name) : versionHref(name, version),
    );
    revalidatePath("/retirements");
  }
  return result;
}

/** Fields of the retirement forms, as the service takes them (empty fields are left out). */
function fields(v: Record<string, string>) {
  return {
    category: v.category,
    reason: v.reason,
    sunset_date: v.sunset_date,
    replacement_model: v.replacement_model,
    replacement_version: v.replacement_version,
    retention_days: v.retention_days,
  };
}

export async function requestRetirementAction(
  name: string,
  version: number | null,
  _prev: Result | null,
  form: FormData,
): Promise<Result> {
  return run(form, name, version, (actor, v) =>
    requestRetirement(actor, name, version, fields(v)),
  );
}

export async function retireNowAction(
  name: string,
  version: number | null,
  _prev: Result | null,
  form: FormData,
): Promise<Result> {
  return run(form, name, version, (actor, v) => {
    const { sunset_date: _unused, ...rest } = fields(v);
    return retireNow(actor, name, version, {
      ...rest,
      category: v.category ?? "no_longer_needed",
    });
  });
}

export async function restoreRetirementAction(
  id: number,
  name: string,
  version: number | null,
  _prev: Result | null,
  form: FormData,
): Promise<Result> {
  return run(form, name, version, (actor, v) =>
    restoreRetirement(actor, id, { reason: v.reason ?? "" }),
  );
}
