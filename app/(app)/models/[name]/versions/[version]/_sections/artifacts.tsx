// The version's files (downloads with size and SHA-256, each with a preview) and, while it is
// writable, the upload form.
import { ArtifactFiles } from "@/components/registry/artifact-files";
import { ArtifactUpload } from "@/components/registry/artifact-upload";
import { Card } from "@/components/ui/card";
import type { ArtifactDto } from "@/lib/registry/artifacts";

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
        <ArtifactFiles model={name} version={version} files={files} />
      )}
      {writable ? <ArtifactUpload model={name} version={version} /> : null}
    </Card>
  );
}
