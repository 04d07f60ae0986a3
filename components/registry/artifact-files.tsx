"use client";
// The version's files: path (a download), size, SHA-256, and a Preview toggle per file that opens
// its preview below the list (one at a time, as a file browser's preview pane).
import { Fragment, useId, useState } from "react";
import { formatBytes } from "@/lib/blobs/format-bytes";
import type { ArtifactDto } from "@/lib/registry/artifacts";
import { artifactHref } from "@/lib/registry/paths";
import { ArtifactPreviewPanel } from "./artifact-preview";

export function ArtifactFiles({
  model,
  version,
  files,
}: {
  model: string;
  version: number;
  files: ArtifactDto[];
}) {
  const [shown, setShown] = useState<string | null>(null);
  const panel = useId();
  return (
    <div className="mb-3 space-y-3">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Artifacts</caption>
          <thead className="border-b border-border text-xs text-muted">
            <tr>
              <th className="py-1 pr-3 font-medium">Path</th>
              <th className="py-1 pr-3 text-right font-medium">Size</th>
              {/* A phone needs the width for the paths; the SHA-256 is in each file's download. */}
              <th className="hidden py-1 pr-3 font-medium sm:table-cell">
                SHA-256
              </th>
              <th className="py-1 font-medium">
                <span className="sr-only">Preview</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.path} className="border-b border-border last:border-0">
                <td className="py-1 pr-3">
                  <a
                    href={artifactHref(model, version, f.path)}
                    className="break-words text-accent hover:underline"
                    download
                  >
                    <PathText path={f.path} />
                  </a>
                </td>
                <td className="py-1 pr-3 text-right whitespace-nowrap tabular-nums">
                  {formatBytes(f.size)}
                </td>
                <td
                  className="hidden py-1 pr-3 font-mono text-xs sm:table-cell"
                  title={f.sha256}
                >
                  {f.sha256.slice(0, 16)}…
                </td>
                <td className="py-1 text-right">
                  <button
                    type="button"
                    className="text-xs text-accent hover:underline"
                    aria-expanded={shown === f.path}
                    aria-controls={shown === f.path ? panel : undefined}
                    onClick={() =>
                      setShown((s) => (s === f.path ? null : f.path))
                    }
                  >
                    {shown === f.path ? "Hide" : "Preview"}
                    <span className="sr-only"> {f.path}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown ? (
        <ArtifactPreviewPanel
          key={shown}
          id={panel}
          model={model}
          version={version}
          path={shown}
        />
      ) : null}
    </div>
  );
}

/** A path that may wrap after each '/', never inside a name. */
function PathText({ path }: { path: string }) {
  const parts = path.split("/");
  return parts.map((part, i) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 ? (
        <>
          /<wbr />
        </>
      ) : null}
    </Fragment>
  ));
}
