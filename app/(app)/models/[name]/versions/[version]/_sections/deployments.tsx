// Where the version is deployed now (built-in or external, each with where it answers), the deploy
// form when it has an ONNX file to serve, and a form to record a deployment that runs elsewhere.
// Its read streams in after the page's shell (see after-shell.ts).
import Link from "next/link";
import { ExternalDeployForm } from "@/components/deployments/external-deploy-form";
import { StopDeploymentButton } from "@/components/deployments/stop-deployment-button";
import { DeployForm } from "@/components/lifecycle/deploy-form";
import { Card } from "@/components/ui/card";
import type { Actor } from "@/lib/auth/actor";
import { listDeployments } from "@/lib/deployments/deployments";
import type { ArtifactDto } from "@/lib/registry/artifacts";
import {
  recordExternalDeploymentAction,
  stopDeploymentAction,
} from "../../../../deployment-actions";
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
  const servable = files.some((f) => f.path.endsWith(".onnx"));
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">Deployments</h2>
      {deployed.length === 0 ? (
        <p className="mb-2 text-sm text-muted">Not deployed.</p>
      ) : (
        <ul
          className="mb-3 space-y-2 text-sm"
          aria-label="Deployments of this version"
        >
          {deployed.map((d) => (
            <li
              key={d.id}
              className="min-w-0"
              data-testid={`deployment-${d.id}`}
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <Link
                  href={`/monitoring/${d.id}`}
                  className="text-accent hover:underline"
                >
                  {d.environment}
                </Link>
                {canDeploy ? (
                  <StopDeploymentButton
                    id={d.id}
                    environment={d.environment}
                    builtIn={d.target === "stageline"}
                    stop={stopDeploymentAction.bind(null, name, version, d.id)}
                  />
                ) : null}
              </div>
              <p className="text-xs break-all text-muted">
                {d.target === "stageline"
                  ? "built-in endpoint"
                  : `${d.platform ?? "external"} · ${d.endpoint_url ?? ""}`}{" "}
                · {d.status}
              </p>
            </li>
          ))}
        </ul>
      )}
      {canDeploy && servable ? (
        <DeployForm action={deployAction.bind(null, name, version)} />
      ) : canDeploy ? (
        // Say why there is no Deploy button rather than leave the card without one.
        <p className="text-sm text-muted" data-testid="no-deploy-reason">
          Deploy on the built-in endpoint needs an ONNX file: this version has
          no <code className="font-mono">.onnx</code> file yet. Upload one under
          Artifacts, or record where it runs below.
        </p>
      ) : null}
      {canDeploy ? (
        <details className="mt-3 border-t border-border pt-3">
          <summary className="cursor-pointer text-sm font-medium">
            Record an external deployment
          </summary>
          <div className="mt-3">
            <ExternalDeployForm
              action={recordExternalDeploymentAction.bind(null, name, version)}
            />
          </div>
        </details>
      ) : null}
    </Card>
  );
}
