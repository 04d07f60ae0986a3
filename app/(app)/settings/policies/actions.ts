"use server";
import { runFormAction, type ActionResult } from "@/lib/http/action";
import { setPolicy } from "@/lib/lifecycle/policies";

export async function savePolicyAction(
  _prev: ActionResult<{ stage: string }> | null,
  form: FormData,
) {
  return runFormAction(
    form,
    (actor, v) => {
      const p = setPolicy(actor, {
        model: v.model || undefined,
        stage: v.stage,
        required_approvals: v.required_approvals,
        approver_ids: (v.approver_ids ?? "").split(/[\s,]+/).filter(Boolean),
        gates: (v.gates ?? "")
          .split(/\r?\n/)
          .map((g) => g.trim())
          .filter(Boolean),
        single_version: v.single_version === "on",
        champion_follows: v.champion_follows === "on",
        // Only production protects aliases (the new-override form shows the field for any stage);
        // left out, the list stays as it is.
        protected_aliases:
          v.protected_aliases === undefined || v.stage !== "production"
            ? undefined
            : v.protected_aliases.split(/[\s,]+/).filter(Boolean),
      });
      return { stage: p.stage };
    },
    { refresh: ["/settings/policies"] },
  );
}
