// Where the version is deployed now, and the deploy form when it has an ONNX file to serve.
// Its read streams in after the page's shell (see after-shell.ts).
import { DeploymentLinks } from "@/components/deployments/deployment-links";
import { DeployForm } from "@/components/lifecycle/deploy-form";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { listDeployments } from "@/lib/deployments/deployments";
import type { ArtifactDto } from "@/lib/registry/artifacts";
import { deployAction } from "../../../../lifecycle-actions";
import { afterShell } from "@/app/(app)/after-shell";

export async function DeploymentsCard({
  actor,
  name,
  version,
  files,
  canDeploy,
}: {
  actor: Actor;
  name: string;
  version: number;
  files: ArtifactDto[];
  canDeploy: boolean;
}) {
  await afterShell();
  const deployed = listDeployments(actor, { model: name }).filter(
    (d) => d.version === version && d.status !== "stopped",
  );
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">Deployments</h2>
      {deployed.length === 0 ? (
        <p className="mb-2 text-sm text-muted">Not deployed.</p>
      ) : null}
      <DeploymentLinks
        deployments={deployed}
        label="Deployments of this version"
        withVersion={false}
        className="mb-3 space-y-1 text-sm"
      />
      {canDeploy && files.some((f) => f.path.endsWith(".onnx")) ? (
        <DeployForm action={deployAction.bind(null, name, version)} />
      ) : canDeploy ? (
        // Say why there is no Deploy button rather than leave the card without one.
        <p className="text-sm text-muted" data-testid="no-deploy-reason">
          Deploy on the built-in endpoint needs an ONNX file: this version has
          no <code className="font-mono">.onnx</code> file yet. Upload one under
          Artifacts, or record an external deployment through the API (POST
          /api/v1/models/&#123;name&#125;/deployments).
        </p>
      ) : null}
    </Card>
  );
}
