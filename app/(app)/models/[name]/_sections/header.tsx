// The model's heading: name and status, task, owner and dates, its use case, and the links to its
// card and (for those who may) to registering a version.
import Link from "next/link";
import { ModelStatusBadge } from "@/components/registry/stage-badge";
import { buttonClass } from "@/components/ui/button";
import { formatDateTime } from "@/lib/format";
import type { ModelDetail } from "@/lib/registry/dto";
import { modelHref } from "@/lib/registry/paths";

export function ModelHeader({
  model,
  canWriteVersions,
}: {
  model: ModelDetail;
  canWriteVersions: boolean;
}) {
  return (
    <header className="mb-6 flex flex-wrap items-start justify-between gap-4">
      <div className="min-w-0">
        <p className="text-xs text-muted">
          <Link href="/models" className="hover:underline">
            Models
          </Link>{" "}
          /
        </p>
        <h1 className="text-xl font-semibold tracking-tight break-all">
          {model.name} <ModelStatusBadge status={model.status} />
        </h1>
        <p className="mt-1 text-sm text-muted">
          {model.task} · owner {model.owner?.name ?? "—"} · created{" "}
          {formatDateTime(model.created_at)} · updated{" "}
          {formatDateTime(model.updated_at)}
        </p>
        {model.use_case ? (
          <p className="mt-1 text-sm">{model.use_case}</p>
        ) : null}
      </div>
      <div className="flex gap-2">
        <Link
          href={`${modelHref(model.name)}/card`}
          className={buttonClass("secondary")}
        >
          Model card
        </Link>
        {canWriteVersions ? (
          <Link
            href={`${modelHref(model.name)}/versions/new`}
            className={buttonClass("primary")}
          >
            Register version
          </Link>
        ) : null}
      </div>
    </header>
  );
}
