// One deployment: its heading (what is deployed where, and how to call it) at once, then its
// series over the chosen range, which stream in (_sections/series.tsx). An unknown deployment or
// range is found before that boundary, so it still answers 404.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { PageHeader } from "@/components/ui/card";
import { orNotFound } from "@/app/(app)/or-not-found";
import { requirePagePermission } from "@/lib/auth/session";
import { getDeployment } from "@/lib/deployments/deployments";
import { RANGES } from "@/lib/monitoring/series";
import { versionHref } from "@/lib/registry/paths";
import { AlertRulesCard } from "./_sections/alert-rules";
import { DeploymentSeries, DeploymentSeriesSkeleton } from "./_sections/series";

export const metadata: Metadata = { title: "Deployment" };

export default async function DeploymentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ range?: string }>;
}) {
  const actor = await requirePagePermission("monitoring.read");
  const id = Number((await params).id);
  const range = (await searchParams).range ?? "1h";
  if (!Number.isInteger(id) || !(range in RANGES)) notFound();
  const d = orNotFound(() => getDeployment(actor, id));
  return (
    <>
      <PageHeader
        title={`${d.model} v${d.version} · ${d.environment}`}
        description={
          <>
            Deployment #{d.id} · {d.status} ·{" "}
            {d.target === "stageline"
              ? "built-in endpoint"
              : `${d.platform ?? "external"} at ${d.endpoint_url}`}{" "}
            ·{" "}
            <Link
              href={versionHref(d.model, d.version)}
              className="text-accent underline"
            >
              version page
            </Link>
            {d.target === "stageline" ? (
              <>
                {" "}
                ·{" "}
                <code className="font-mono text-xs">
                  POST /api/v1/serve/{encodeURIComponent(d.model)}/{d.version}
                  /predict
                </code>
              </>
            ) : null}
          </>
        }
      />
      {/* First, so a notification of a firing alert lands on the rule that fired. */}
      <AlertRulesCard actor={actor} deployment={d} />
      <Suspense fallback={<DeploymentSeriesSkeleton />}>
        <DeploymentSeries actor={actor} deployment={d} range={range} />
      </Suspense>
    </>
  );
}
