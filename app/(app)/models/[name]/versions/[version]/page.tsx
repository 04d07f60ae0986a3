// A version: its heading, evaluation, description, files, activity and stage history, and beside
// them what may be done with it (lifecycle, retirement, deployments) and its recorded facts. Each
// section in _sections/ reads what it shows through lib/; this page loads the version, decides
// what the viewer may change, and lays the sections out. The heading and the version's own facts
// are the shell; the sections with reads of their own (evaluation, activity, stage history,
// deployments) stream in, each in its <Suspense>. A missing version is found before any boundary,
// so it still answers 404 (a notFound() after streaming starts could only answer 200).
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { DescriptionCard } from "@/components/registry/description-card";
import { UnsafeFiles } from "@/components/registry/unsafe-files";
import { CardSkeleton } from "@/components/ui/skeleton";
import {
  RetirementBanner,
  RetirementCard,
} from "@/components/retirement/retirement-card";
import { orNotFound } from "@/app/(app)/or-not-found";
import { requirePagePermission } from "@/lib/auth/session";
import { listArtifacts } from "@/lib/registry/artifacts";
import { modelCapabilities } from "@/lib/registry/model-permissions";
import { getModelDetail, getVersion } from "@/lib/registry/queries";
import { currentRetirement } from "@/lib/retirement/queries";
import { retirementActions } from "@/app/(app)/models/retirement-bindings";
import { updateVersionDescriptionAction } from "../../../actions";
import { ActivityCard } from "./_sections/activity";
import { ArtifactsCard } from "./_sections/artifacts";
import { DeploymentsCard } from "./_sections/deployments";
import { DetailCards } from "./_sections/details";
import { EvaluationSection, EvaluationSkeleton } from "./_sections/evaluation";
import { VersionHeader } from "./_sections/header";
import { LifecycleCard } from "./_sections/lifecycle";
import { StageHistoryCard } from "./_sections/stage-history";
import { VersionSummary } from "./_sections/summary";

type Params = {
  params: Promise<{ name: string; version: string }>;
  searchParams: Promise<{ eval?: string }>;
};

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const p = await params;
  return { title: `${decodeURIComponent(p.name)} v${p.version}` };
}

export default async function VersionPage({ params, searchParams }: Params) {
  const actor = await requirePagePermission("models.read");
  const p = await params;
  const name = decodeURIComponent(p.name);
  if (!/^\d+$/.test(p.version)) notFound();
  // A version number that cannot exist (0, or longer than nine digits) is as missing as an unknown one.
  const { model, v } = orNotFound(
    () => ({
      model: getModelDetail(actor, name),
      v: getVersion(actor, name, p.version),
    }),
    ["not_found", "invalid"],
  );
  const files = listArtifacts(actor, name, p.version);
  const writable =
    modelCapabilities(actor, name).writeVersions && v.stage !== "retired";
  const retirement = currentRetirement(actor, name, v.version);
  const deprecated = retirement?.status === "scheduled";
  const chosenId = Number((await searchParams).eval);
  return (
    <>
      <VersionHeader name={name} v={v} />
      <RetirementBanner r={retirement} />
      <UnsafeFiles files={v.unsafe_files} />
      <div className="mb-6">
        <VersionSummary
          actor={actor}
          name={name}
          v={v}
          keyMetric={model.key_metric}
          canRequest={writable && !deprecated}
        />
      </div>
      {/* The evidence on the left, what may be done with the version beside it from the top. */}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(16rem,1fr)]">
        <div className="min-w-0 space-y-6">
          <Suspense fallback={<EvaluationSkeleton />}>
            <EvaluationSection
              actor={actor}
              name={name}
              v={v}
              chosenId={chosenId}
              canLog={writable}
            />
          </Suspense>
          <DescriptionCard
            source={v.description}
            canEdit={writable}
            save={updateVersionDescriptionAction.bind(null, name, v.version)}
          />
          <ArtifactsCard
            name={name}
            version={v.version}
            files={files}
            writable={writable}
          />
          <Suspense fallback={<CardSkeleton title="Activity" lines={4} />}>
            <ActivityCard
              actor={actor}
              name={name}
              v={v}
              modelRetired={model.status === "retired"}
            />
          </Suspense>
          <Suspense fallback={<CardSkeleton title="Stage history" lines={2} />}>
            <StageHistoryCard actor={actor} name={name} v={v} />
          </Suspense>
        </div>
        <div className="space-y-6">
          <LifecycleCard
            actor={actor}
            name={name}
            v={v}
            writable={writable}
            deprecated={deprecated}
          />
          <RetirementCard
            actor={actor}
            model={name}
            version={v.version}
            r={retirement}
            actions={retirementActions(name, v.version, retirement)}
            writable={writable}
          />
          <Suspense fallback={<CardSkeleton title="Deployments" lines={2} />}>
            <DeploymentsCard
              actor={actor}
              name={name}
              version={v.version}
              files={files}
              canDeploy={writable && !deprecated}
            />
          </Suspense>
          <DetailCards name={name} v={v} canEditTags={writable} />
        </div>
      </div>
    </>
  );
}
