// Where the model's versions are deployed now (stopped deployments left out).
import { DeploymentLinks } from "@/components/deployments/deployment-links";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { listDeployments } from "@/lib/deployments/deployments";

export function DeploymentsCard({
  actor,
  name,
}: {
  actor: Actor;
  name: string;
}) {
  const deployments = listDeployments(actor, { model: name }).filter(
    (d) => d.status !== "stopped",
  );
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">Deployments</h2>
      {deployments.length === 0 ? (
        <p className="text-sm text-muted">Not deployed anywhere.</p>
      ) : (
        <DeploymentLinks
          deployments={deployments}
          label="Deployments"
          withVersion
        />
      )}
    </Card>
  );
}
