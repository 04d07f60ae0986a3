"use server";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { runFormAction, type ActionResult } from "@/lib/http/action";
import { setPolicy } from "@/lib/lifecycle/policies";

export async function savePolicyAction(
  _prev: ActionResult<{ stage: string }> | null,
  form: FormData,
) {
  // The approvers are a list of ticked boxes: one form entry per person, which formObject (last
  // value wins) would cut to one.
  const approverIds = form
    .getAll("approver_ids")
    .filter((x): x is string => typeof x === "string" && x !== "");
  return runFormAction(
    form,
    (actor, v) => {
      assertCan(actor, "policies.manage");
      // Without a model the save would land on the default policy: the new-override form must
      // name one.
      if (v.override === "new" && !v.model)
        throw new DomainError("invalid", "model: choose a model", {
          fields: { model: ["Choose the model this override is for"] },
        });
      const p = setPolicy(actor, {
        model: v.model || undefined,
        stage: v.stage,
        required_approvals: v.required_approvals,
        approver_ids: approverIds,
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
