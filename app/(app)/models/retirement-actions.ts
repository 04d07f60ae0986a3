"use server";
import { revalidatePath } from "next/cache";
import { runFormAction, type ActionResult } from "@/lib/http/action";
import { modelHref, versionHref } from "@/lib/registry/paths";
import { restoreRetirement } from "@/lib/retirement/restore";
import { requestRetirement, retireNow } from "@/lib/retirement/retirement";

type Result = ActionResult<{ id: number; status: string }>;

function refresh(name: string, version: number | null) {
  revalidatePath(
    version === null ? modelHref(name) : versionHref(name, version),
  );
  revalidatePath("/retirements");
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
  const result = await runFormAction(form, (actor, v) => {
    const r = requestRetirement(actor, name, version, fields(v));
    return { id: r.id, status: r.status };
  });
  if (result.ok) refresh(name, version);
  return result;
}

export async function retireNowAction(
  name: string,
  version: number | null,
  _prev: Result | null,
  form: FormData,
): Promise<Result> {
  const result = await runFormAction(form, (actor, v) => {
    const { sunset_date: _unused, ...rest } = fields(v);
    const r = retireNow(actor, name, version, {
      ...rest,
      category: v.category ?? "no_longer_needed",
    });
    return { id: r.id, status: r.status };
  });
  if (result.ok) refresh(name, version);
  return result;
}

export async function restoreRetirementAction(
  id: number,
  name: string,
  version: number | null,
  _prev: Result | null,
  form: FormData,
): Promise<Result> {
  const result = await runFormAction(form, (actor, v) => {
    const r = restoreRetirement(actor, id, { reason: v.reason ?? "" });
    return { id: r.id, status: r.status };
  });
  if (result.ok) refresh(name, version);
  return result;
}
