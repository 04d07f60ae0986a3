"use client";
// The version's evaluations in progress (or just ended): computed in a worker thread, possibly in
// another server process, so their state comes from the database through the jobs endpoint, polled
// every second while one is queued or running. When one finishes, the page is refreshed to show it.
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { Badge } from "@/components/ui/badge";
import { evaluationJobsQuery } from "@/lib/queries/options";
import type { JobView } from "@/lib/workers/jobs";

const NONE: JobView[] = [];

/** The page prefetches `evaluationJobsQuery(model, version)` and hydrates it. */
export function EvaluationJobs({
  model,
  version,
}: {
  model: string;
  version: number;
}) {
  const router = useRouter();
  const { data: jobs = NONE } = useQuery(evaluationJobsQuery(model, version));
  // A job that ends while the page is open (seen running, or first seen done): show its evaluation.
  // The jobs of the first render (hydrated from the server) are the ones seen at the start.
  const seen = useRef(new Map(jobs.map((j) => [j.id, j.status])));
  useEffect(() => {
    let ended = false;
    for (const j of jobs) {
      const before = seen.current.get(j.id);
      if (j.status === "done" && before !== "done") ended = true;
      seen.current.set(j.id, j.status);
    }
    if (ended) router.refresh();
  }, [jobs, router]);
  if (jobs.length === 0) return null;
  return (
    <ul
      aria-label="Evaluations in progress"
      data-testid="evaluation-jobs"
      className="space-y-1 text-xs"
    >
      {jobs.map((j) => (
        <li
          key={j.id}
          data-status={j.status}
          className="flex flex-wrap items-center gap-2"
        >
          <span className="font-medium">{j.label}</span>
          <JobState job={j} />
        </li>
      ))}
    </ul>
  );
}

function JobState({ job }: { job: JobView }) {
  const percent = Math.round(job.progress * 100);
  if (job.status === "queued") return <Badge>queued</Badge>;
  if (job.status === "running") {
    return (
      <>
        <Badge tone="accent">running {percent}%</Badge>
        <progress
          max={100}
          value={percent}
          aria-label={`${job.label}: ${percent}% (${job.stage})`}
          className="h-1.5 w-32"
        />
        <span className="text-muted">{job.stage}</span>
      </>
    );
  }
  if (job.status === "done") {
    return (
      <>
        <Badge tone="success">done</Badge>
        {job.message ? <span className="text-muted">{job.message}</span> : null}
      </>
    );
  }
  return (
    <>
      <Badge tone="danger">failed</Badge>
      <span className="text-danger">{job.message}</span>
    </>
  );
}
