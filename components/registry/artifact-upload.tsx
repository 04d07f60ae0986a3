"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";

type Progress = { file: string; loaded: number; total: number };

/**
 * Uploads files one by one with XHR (fetch cannot report upload progress) to the same streamed
 * REST endpoint the API clients use, with the session cookie.
 */
export function ArtifactUpload({
  model,
  version,
}: {
  model: string;
  version: number;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [prefix, setPrefix] = useState("");
  const [progress, setProgress] = useState<Progress | null>(null);
  const router = useRouter();

  async function upload() {
    const files = Array.from(input.current?.files ?? []);
    if (files.length === 0) return;
    for (const file of files) {
      const path = `${prefix.trim().replace(/^\/+|\/+$/g, "")}${prefix.trim() ? "/" : ""}${file.name}`;
      const url = `/api/v1/models/${encodeURIComponent(model)}/versions/${version}/artifacts/${path.split("/").map(encodeURIComponent).join("/")}`;
      try {
        await send(url, file, (loaded, total) =>
          setProgress({ file: file.name, loaded, total }),
        );
        toast.success(`Uploaded ${path}`);
      } catch (error) {
        toast.error(
          `${file.name}: ${error instanceof Error ? error.message : "upload failed"}`,
        );
      }
    }
    setProgress(null);
    if (input.current) input.current.value = "";
    router.refresh();
  }

  const pct = progress
    ? Math.round((progress.loaded / Math.max(progress.total, 1)) * 100)
    : 0;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="artifact-files" className="block text-xs text-muted">
            Files
          </label>
          <input
            id="artifact-files"
            ref={input}
            type="file"
            multiple
            className="text-sm"
            disabled={progress !== null}
          />
        </div>
        <div>
          <label htmlFor="artifact-prefix" className="block text-xs text-muted">
            Folder (optional)
          </label>
          <input
            id="artifact-prefix"
            className={`${inputClass} w-40`}
            placeholder="model/"
            value={prefix}
            onChange={(e) => setPrefix(e.target.value)}
          />
        </div>
        <Button
          variant="secondary"
          onClick={upload}
          disabled={progress !== null}
        >
          {progress ? "Uploading…" : "Upload"}
        </Button>
      </div>
      {progress ? (
        <div>
          <progress
            className="h-2 w-full"
            max={100}
            value={pct}
            aria-label={`Uploading ${progress.file}`}
          />
          <p className="text-xs text-muted">
            {progress.file}: {pct}%
          </p>
        </div>
      ) : null}
    </div>
  );
}

function send(
  url: string,
  file: File,
  onProgress: (loaded: number, total: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    xhr.upload.onprogress = (e) =>
      onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else {
        let message = `HTTP ${xhr.status}`;
        try {
          message = (
            JSON.parse(xhr.responseText) as { error: { message: string } }
          ).error.message;
        } catch {}
        reject(new Error(message));
      }
    };
    xhr.onerror = () => reject(new Error("network error"));
    xhr.send(file);
  });
}
