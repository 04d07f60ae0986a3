import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { listPolicies } from "@/lib/lifecycle/policies";
import { approversByIds, policyChoices } from "@/lib/lifecycle/policy-choices";
import { PolicyForm } from "./policy-form";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const actor = await requirePagePermission("policies.manage");
  const all = listPolicies(actor);
  const { approvers, models } = policyChoices(actor);
  // People a policy names who can no longer review: listed (marked) in that policy's form only.
  const named = [...new Set(all.flatMap((p) => p.policy.approverIds))].filter(
    (id) => !approvers.some((a) => a.id === id),
  );
  const people = [...approvers, ...approversByIds(actor, named)];
  return (
    <>
      <PageHeader
        title="Promotion policies"
        description="What a transition needs before it is applied: approvals from reviewers other than the requester, and gates on the version's metrics."
      />
      <h2 className="mb-2 text-sm font-semibold">Defaults for every model</h2>
      <div className="mb-8 grid grid-cols-1 gap-4 lg:grid-cols-3">
        {all
          .filter((p) => p.model === null)
          .map(({ policy }) => (
            <Card key={policy.stage}>
              <h3 className="mb-3 text-sm font-semibold capitalize">
                {policy.stage}{" "}
                <span className="text-xs font-normal text-muted">
                  ({policy.source})
                </span>
              </h3>
              <PolicyForm
                id={`default-${policy.stage}`}
                policy={{ model: null, ...policy }}
                people={people}
              />
            </Card>
          ))}
      </div>
      <h2 className="mb-2 text-sm font-semibold">Model overrides</h2>
      <Card className="mb-4 max-w-md">
        <h3 className="mb-3 text-sm font-semibold">New override</h3>
        <PolicyForm
          id="new"
          policy={{
            model: "",
            stage: "production",
            requiredApprovals: 2,
            gates: [],
            approverIds: [],
            singleVersion: true,
            championFollows: false,
            protectedAliases: ["champion"],
          }}
          people={people}
          models={models}
        />
      </Card>
      {all.filter((p) => p.model !== null).length === 0 ? (
        <p className="text-sm text-muted">No model has a policy of its own.</p>
      ) : null}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        {all
          .filter((p) => p.model !== null)
          .map(({ model, policy }) => (
            <Card key={`${model}-${policy.stage}`}>
              <h3 className="mb-3 text-sm font-semibold">
                {model} · <span className="capitalize">{policy.stage}</span>
              </h3>
              <PolicyForm
                id={`${model}-${policy.stage}`}
                policy={{ model, ...policy }}
                people={people}
              />
            </Card>
          ))}
      </div>
    </>
  );
}
