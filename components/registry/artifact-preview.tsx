"use client";
// One artifact's preview under the version's file list, fetched when asked for from the preview
// route (which reads a bounded head of the file through lib/registry). Everything is shown as text
// or as a table React escapes; an image is an <img> of the route's ?as=image answer, which is only
// ever a raster type, so no file can run as markup in the page.
import { useQuery } from "@tanstack/react-query";
import { CsvTable } from "@/components/ui/csv-table";
import { apiFetch } from "@/lib/api/client-fetch";
import { formatBytes } from "@/lib/blobs/format-bytes";
import type { ArtifactPreview } from "@/lib/registry/artifact-preview";
import { artifactHref, artifactPreviewHref } from "@/lib/registry/paths";

export function ArtifactPreviewPanel({
  id,
  model,
  version,
  path,
}: {
  id: string;
  model: string;
  version: number;
  path: string;
}) {
  const { data, error, isPending } = useQuery({
    queryKey: ["models", model, "versions", version, "preview", path],
    queryFn: () =>
      apiFetch<ArtifactPreview>(artifactPreviewHref(model, version, path)),
    staleTime: Infinity,
    retry: false,
  });
  const download = (
    <a
      href={artifactHref(model, version, path)}
      download
      className="text-accent hover:underline"
    >
      Download
    </a>
  );
  return (
    <section
      id={id}
      aria-label={`Preview of ${path}`}
      aria-busy={isPending}
      className="space-y-2 rounded-md border border-border p-3"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="min-w-0 font-mono text-xs font-semibold wrap-anywhere">
          {path}
        </h3>
        <span className="text-xs text-muted">
          {data ? `${formatBytes(data.size)} · ` : null}
          {download}
        </span>
      </div>
      {isPending ? (
        <p className="text-xs text-muted">Loading the preview…</p>
      ) : error ? (
        <p role="alert" className="text-sm text-danger">
          No preview: {error.message}
        </p>
      ) : (
        <Body preview={data} model={model} version={version} />
      )}
    </section>
  );
}

function Body({
  preview: p,
  model,
  version,
}: {
  preview: ArtifactPreview;
  model: string;
  version: number;
}) {
  const cut = (what: string) =>
    `${what} of ${formatBytes(p.size)} shown; download the file for the rest.`;
  if (p.kind === "none")
    return (
      <p className="text-sm text-muted">
        No preview ({p.reason}, {p.size.toLocaleString("en-US")} bytes).
      </p>
    );
  if (p.kind === "image")
    return (
      // eslint-disable-next-line @next/next/no-img-element -- an artifact served by the API, not a static asset for next/image
      <img
        src={artifactPreviewHref(model, version, p.path, true)}
        alt={`Image ${p.path}`}
        className="h-auto max-h-[32rem] max-w-full rounded-sm border border-border"
      />
    );
  if (p.kind === "csv")
    return (
      <>
        <CsvTable
          header={p.header}
          rows={p.rows}
          caption={`Rows of ${p.path}`}
        />
        <p className="text-xs text-muted">
          {p.truncated
            ? cut(`The first ${p.rows.length} rows`)
            : `${p.rows.length} rows.`}
        </p>
      </>
    );
  return (
    <>
      {p.kind === "text" && p.note ? (
        <p className="text-xs text-muted">Shown as text: {p.note}.</p>
      ) : null}
      <pre
        role="region"
        tabIndex={0}
        aria-label={`Content of ${p.path}`}
        className="max-h-96 overflow-auto rounded-sm bg-background p-2 font-mono text-xs whitespace-pre"
      >
        {p.text}
      </pre>
      {p.truncated ? (
        <p className="text-xs text-muted">{cut("The first 64 KiB")}</p>
      ) : null}
    </>
  );
}
