// The version's files (downloads with size and SHA-256) and, while it is writable, the upload form.
import { ArtifactUpload } from "@/components/registry/artifact-upload";
import { Card } from "@/components/ui/card";
import type { ArtifactDto } from "@/lib/registry/artifacts";
import { formatBytes } from "@/lib/blobs/format-bytes";
import { artifactHref } from "@/lib/registry/paths";

export function ArtifactsCard({
  name,
  version,
  files,
  writable,
}: {
  name: string;
  version: number;
  files: ArtifactDto[];
  writable: boolean;
}) {
  return (
    <Card>
      <h2 className="mb-2 text-sm font-semibold">Artifacts</h2>
      {files.length === 0 ? (
        <p className="mb-3 text-sm text-muted">
          No files yet. Upload the model file, a requirements.txt or a data
          sample.
        </p>
      ) : (
        <div className="mb-3 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Artifacts</caption>
            <thead className="border-b border-border text-xs text-muted">
              <tr>
                <th className="py-1 pr-3 font-medium">Path</th>
                <th className="py-1 pr-3 text-right font-medium">Size</th>
                <th className="py-1 font-medium">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr
                  key={f.path}
                  className="border-b border-border last:border-0"
                >
                  <td className="py-1 pr-3">
                    <a
                      href={artifactHref(name, version, f.path)}
                      className="text-accent hover:underline"
                      download
                    >
                      {f.path}
                    </a>
                  </td>
                  <td className="py-1 pr-3 text-right tabular-nums whitespace-nowrap">
                    {formatBytes(f.size)}
                  </td>
                  <td className="py-1 font-mono text-xs" title={f.sha256}>
                    {f.sha256.slice(0, 16)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {writable ? <ArtifactUpload model={name} version={version} /> : null}
    </Card>
  );
}
