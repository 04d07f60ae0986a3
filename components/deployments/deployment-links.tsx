import Link from "next/link";
import type { DeploymentDto } from "@/lib/deployments/deployments";

/** Where a model's or a version's deployments run, each linking to its monitoring page. */
export function DeploymentLinks({
  deployments,
  label,
  withVersion,
  className = "space-y-1 text-sm",
}: {
  deployments: DeploymentDto[];
  label: string;
  withVersion: boolean;
  className?: string;
}) {
  return (
    <ul className={className} aria-label={label}>
      {deployments.map((d) => (
        <li key={d.id}>
          <Link
            href={`/monitoring/${d.id}`}
            className="text-accent hover:underline"
          >
            {withVersion ? `v${d.version} · ${d.environment}` : d.environment}
          </Link>{" "}
          <span className="text-xs text-muted">
            {d.target === "stageline" ? "built-in" : (d.platform ?? "external")}{" "}
            · {d.status}
          </span>
        </li>
      ))}
    </ul>
  );
}
