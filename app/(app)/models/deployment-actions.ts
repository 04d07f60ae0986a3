"use server";
// The version page's deployment controls beyond the built-in deploy (lifecycle-actions.ts): record
// a deployment that runs elsewhere, and stop one. Both go through lib/deployments/deployments.ts.
import {
  createDeployment,
  stopDeployment,
} from "@/lib/deployments/deployments";
import { runAddForm, runChange, type ActionResult } from "@/lib/http/action";
import { versionHref } from "@/lib/registry/paths";

export async function recordExternalDeploymentAction(
  name: string,
  version: number,
  _prev: ActionResult<{ id: number }> | null,
  form: FormData,
) {
  return runAddForm(form, versionHref(name, version), (actor, v) =>
    createDeployment(actor, name, {
      version,
      environment: v.environment ?? "",
      target: "external",
      endpoint_url: v.endpoint_url,
      platform: v.platform,
    }),
  );
}

export async function stopDeploymentAction(
  name: string,
  version: number,
  id: number,
): Promise<ActionResult<null>> {
  return runChange(versionHref(name, version), (actor) =>
    stopDeployment(actor, id),
  );
}
