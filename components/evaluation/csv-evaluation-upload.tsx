"use client";
// Logging an evaluation from a CSV file of predictions: pick the file, see its first rows, say
// which column is the label, which the predictions and which (optionally) the slice, and send it.
// The file goes as it is, with XHR (fetch cannot report upload progress), to the REST route the
// API clients use; the server parses and computes it in its worker thread, whose stages the jobs
// endpoint reports. The preview reads only the file's first 64 KiB, here in the browser.
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { CsvTable } from "@/components/ui/csv-table";
import { Field, SelectField } from "@/components/ui/field";
import { CsvError, parseCsv } from "@/lib/csv";
import { guessColumns } from "@/lib/evaluation/csv-evaluation";
import { MAX_CSV_BYTES } from "@/lib/evaluation/evaluation.validation";
import type { EvaluationDto } from "@/lib/evaluation/queries";
import { evaluationJobsQuery } from "@/lib/queries/options";
import { MetricsTable } from "./metrics-table";

const PREVIEW_BYTES = 64 * 1024;
const PREVIEW_ROWS = 5;

type Preview = { header: string[]; rows: string[][] };
type Phase =
  { at: "idle" } | { at: "uploading"; pct: number } | { at: "computing" };
type Failure = { message: string; fields: Record<string, string[]> };

export function CsvEvaluationUpload({
  model,
  version,
  production,
  initiallyOpen,
}: {
  model: string;
  version: number;
  production: { version: number; metrics: Record<string, number> } | null;
  /** Open at first (a version with no evaluation yet); the viewer's choice from then on, so the
   *  page's refresh after logging does not fold the result away. */
  initiallyOpen: boolean;
}) {
  const id = useId();
  const [open, setOpen] = useState(initiallyOpen);
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [label, setLabel] = useState("");
  const [predictions, setPredictions] = useState("");
  const [kind, setKind] = useState<"score" | "prediction">("score");
  const [slice, setSlice] = useState("");
  const [dataset, setDataset] = useState("");
  const [split, setSplit] = useState("test");
  const [phase, setPhase] = useState<Phase>({ at: "idle" });
  const [failure, setFailure] = useState<Failure | null>(null);
  const [logged, setLogged] = useState<EvaluationDto | null>(null);
  // While the server computes, its stage and share done come from the jobs endpoint (the same
  // query the page's jobs line polls), every half second.
  const { data: jobs } = useQuery({
    ...evaluationJobsQuery(model, version),
    refetchInterval: phase.at === "computing" ? 500 : false,
  });
  const job = jobs?.find(
    (j) => j.status === "running" || j.status === "queued",
  );

  async function choose(f: File | null) {
    setFile(f);
    setPreview(null);
    setFailure(null);
    setLogged(null);
    if (!f) return;
    if (f.size > MAX_CSV_BYTES) {
      setFailure({
        message: `${f.name} is ${mib(f.size)}; files up to ${mib(MAX_CSV_BYTES)} are accepted`,
        fields: { file: ["Too large"] },
      });
      return;
    }
    setDataset((d) => d || f.name.replace(/\.(csv|txt)$/i, ""));
    try {
      const head = parseCsv(await f.slice(0, PREVIEW_BYTES).text(), {
        partial: f.size > PREVIEW_BYTES,
        maxRows: PREVIEW_ROWS,
        overflow: "truncate",
      });
      setPreview({ header: head.header, rows: head.rows });
      const guess = guessColumns(head.header);
      setLabel(guess.label ?? "");
      setPredictions(guess.score ?? guess.prediction ?? "");
      setKind(guess.score || !guess.prediction ? "score" : "prediction");
      setSlice("");
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      setFailure({ message: error.message, fields: { file: [error.message] } });
    }
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!file) return;
    setFailure(null);
    setLogged(null);
    const query = new URLSearchParams({ dataset, split, label });
    query.set(kind, predictions);
    if (slice) query.set("slice", slice);
    const url = `/api/v1/models/${encodeURIComponent(model)}/versions/${version}/evaluations/csv?${query}`;
    setPhase({ at: "uploading", pct: 0 });
    try {
      const dto = await post(url, file, (pct) =>
        setPhase(pct < 100 ? { at: "uploading", pct } : { at: "computing" }),
      );
      setLogged(dto);
      toast.success(
        `Logged evaluation #${dto.id} (${dto.rows?.toLocaleString("en-US") ?? 0} rows)`,
      );
      router.refresh();
    } catch (error) {
      const f =
        error instanceof RequestFailure
          ? error.failure
          : { message: "Network error: nothing was logged", fields: {} };
      setFailure(f);
      toast.error(f.message);
    } finally {
      setPhase({ at: "idle" });
    }
  }

  const busy = phase.at !== "idle";
  const errorsOf = (...keys: string[]) => {
    const list = keys.flatMap((k) => failure?.fields[k] ?? []);
    return list.length ? list : undefined;
  };
  const columns = preview?.header ?? [];
  const options = (none?: string) => (
    <>
      <option value="">{none ?? "Choose a column"}</option>
      {columns.map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </>
  );
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-sm font-semibold">
        Log an evaluation from a CSV file
      </summary>
      <form
        onSubmit={submit}
        className="mt-3 space-y-3"
        aria-describedby={`${id}-help`}
      >
        <p id={`${id}-help`} className="text-xs text-muted">
          One row per example: a column of true labels (or values), a column of
          predictions, and optionally a column to slice the figures by. Up to{" "}
          {mib(MAX_CSV_BYTES)} and 1,000,000 rows. Stageline computes the
          metrics, curves, confusion matrix and per-slice figures.
        </p>
        <Field
          label="CSV file"
          name="file"
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          errors={errorsOf("file")}
          onChange={(e) => void choose(e.target.files?.[0] ?? null)}
        />
        {preview ? (
          <>
            <div className="space-y-1">
              <p className="text-xs text-muted">
                First {preview.rows.length} rows of {file?.name} ·{" "}
                {preview.header.length} columns
              </p>
              <CsvTable
                header={preview.header}
                rows={preview.rows}
                caption={`First rows of ${file?.name ?? "the file"}`}
              />
            </div>
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
              <SelectField
                label="Label column"
                name="label"
                id={`${id}-label`}
                value={label}
                required
                disabled={busy}
                errors={errorsOf("label")}
                onChange={(e) => setLabel(e.target.value)}
              >
                {options()}
              </SelectField>
              <SelectField
                label="Prediction column"
                name="predictions"
                id={`${id}-predictions`}
                value={predictions}
                required
                disabled={busy}
                errors={errorsOf("score", "prediction", "y_score", "y_pred")}
                onChange={(e) => setPredictions(e.target.value)}
              >
                {options()}
              </SelectField>
              <SelectField
                label="The predictions are"
                name="kind"
                id={`${id}-kind`}
                value={kind}
                disabled={busy}
                onChange={(e) =>
                  setKind(
                    e.target.value === "prediction" ? "prediction" : "score",
                  )
                }
              >
                <option value="score">Scores or probabilities (binary)</option>
                <option value="prediction">Predicted labels or values</option>
              </SelectField>
              <SelectField
                label="Slice column (optional)"
                name="slice"
                id={`${id}-slice`}
                value={slice}
                disabled={busy}
                errors={errorsOf("slice", "groups")}
                onChange={(e) => setSlice(e.target.value)}
              >
                {options("No slice")}
              </SelectField>
              <Field
                label="Dataset"
                name="dataset"
                id={`${id}-dataset`}
                value={dataset}
                required
                maxLength={256}
                disabled={busy}
                errors={errorsOf("dataset")}
                onChange={(e) => setDataset(e.target.value)}
              />
              <Field
                label="Split"
                name="split"
                id={`${id}-split`}
                value={split}
                required
                maxLength={256}
                disabled={busy}
                errors={errorsOf("split")}
                onChange={(e) => setSplit(e.target.value)}
              />
            </div>
            <div className="flex flex-wrap items-center gap-3">
              <Button type="submit" disabled={busy || !label || !predictions}>
                {busy ? "Working…" : "Compute and log"}
              </Button>
              {busy ? <Progress phase={phase} job={job} /> : null}
            </div>
          </>
        ) : null}
        {failure ? (
          <p role="alert" className="text-sm text-danger">
            Not logged: {failure.message.replace(/\.$/, "")}. Nothing was
            changed.
          </p>
        ) : null}
        {logged ? (
          <div
            role="status"
            data-testid="csv-evaluation-result"
            className="space-y-2"
          >
            <p className="text-sm">
              Logged evaluation #{logged.id} on {logged.dataset} ·{" "}
              {logged.split} ({logged.rows?.toLocaleString("en-US") ?? 0} rows).
              Its metrics:
            </p>
            <MetricsTable
              metrics={logged.metrics}
              production={production}
              caption="Metrics of the logged evaluation"
            />
          </div>
        ) : null}
      </form>
    </details>
  );
}

function Progress({
  phase,
  job,
}: {
  phase: Phase;
  job: { progress: number; stage: string } | undefined;
}) {
  const pct =
    phase.at === "uploading"
      ? phase.pct
      : Math.round((job?.progress ?? 0) * 100);
  const text =
    phase.at === "uploading"
      ? `Uploading ${pct}%`
      : `Computing${job ? `: ${job.stage} ${pct}%` : "…"}`;
  return (
    <span className="flex min-w-0 items-center gap-2 text-xs text-muted">
      <progress
        max={100}
        value={pct}
        aria-label={text}
        className="h-2 w-40 max-w-full"
      />
      <span aria-live="polite">{text}</span>
    </span>
  );
}

class RequestFailure extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

function post(
  url: string,
  file: File,
  onProgress: (pct: number) => void,
): Promise<EvaluationDto> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", "text/csv");
    xhr.upload.onprogress = (e) =>
      onProgress(
        Math.round(
          (e.loaded / Math.max(e.lengthComputable ? e.total : file.size, 1)) *
            100,
        ),
      );
    xhr.upload.onload = () => onProgress(100);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as EvaluationDto);
        return;
      }
      const error = (
        body as {
          error?: {
            message?: string;
            details?: { fields?: Record<string, string[]> };
          };
        } | null
      )?.error;
      reject(
        new RequestFailure({
          message: error?.message ?? `HTTP ${xhr.status}`,
          fields: error?.details?.fields ?? {},
        }),
      );
    };
    xhr.onerror = () => reject(new Error("network error"));
    xhr.send(file);
  });
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 1 : 0)} MiB`;
}
