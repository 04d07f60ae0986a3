// One page of the model's versions, newest first, with links to the newest and to older pages.
import Link from "next/link";
import { VersionsTable } from "@/components/registry/versions-table";
import { EmptyState } from "@/components/ui/card";
import type { ModelDetail } from "@/lib/registry/dto";
import { modelHref } from "@/lib/registry/paths";
import type { VersionRowSummary } from "@/lib/registry/queries";
import { DEFAULT_PAGE_SIZE } from "@/lib/registry/registry.validation";

export function VersionsSection({
  model,
  versions,
  cursor,
  perPage,
}: {
  model: ModelDetail;
  versions: { items: VersionRowSummary[]; next_cursor: string | null };
  cursor: string | undefined;
  perPage: number;
}) {
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading" className="mb-2 text-sm font-semibold">
        Versions
      </h2>
      {versions.items.length === 0 ? (
        <EmptyState title="No versions yet">
          Register one with the button above, or from training code:{" "}
          <code className="font-mono">
            client.create_version(&quot;{model.name}&quot;, ...)
          </code>
          .
        </EmptyState>
      ) : (
        <VersionsTable
          model={model.name}
          keyMetric={model.key_metric}
          rows={versions.items}
        />
      )}
      <div className="mt-2 flex gap-4 text-sm">
        {cursor ? (
          <Link
            href={`${modelHref(model.name)}${perPage !== DEFAULT_PAGE_SIZE ? `?vlimit=${perPage}` : ""}`}
            className="text-accent underline"
          >
            Newest versions
          </Link>
        ) : null}
        {versions.next_cursor ? (
          <Link
            href={`${modelHref(model.name)}?${new URLSearchParams({ vcursor: versions.next_cursor, ...(perPage !== DEFAULT_PAGE_SIZE ? { vlimit: String(perPage) } : {}) })}`}
            className="text-accent underline"
          >
            Older versions
          </Link>
        ) : null}
      </div>
    </section>
  );
}
