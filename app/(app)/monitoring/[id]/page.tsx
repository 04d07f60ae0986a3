import {
  dehydrate,
  HydrationBoundary,
  QueryClient,
} from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeploymentCharts } from "@/components/monitoring/deployment-charts";
import { PageHeader } from "@/components/ui/card";
import { orNotFound } from "@/app/(app)/or-not-found";
import { requirePagePermission } from "@/lib/auth/session";
import { deploymentSeries } from "@/lib/monitoring/queries";
import { RANGES } from "@/lib/monitoring/series";
import { deploymentSeriesQuery } from "@/lib/queries/options";
import { versionHref } from "@/lib/registry/paths";

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
  const series = orNotFound(() => deploymentSeries(actor, id, range));
  const d = series.deployment;
  const queryClient = new QueryClient();
  queryClient.setQueryData(deploymentSeriesQuery(id, range).queryKey, {
    range: series.range,
    points: series.points,
    live: series.live,
  });
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
      <HydrationBoundary state={dehydrate(queryClient)}>
        <DeploymentCharts id={id} range={range} />
      </HydrationBoundary>
    </>
  );
}
