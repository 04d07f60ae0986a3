// A model: its heading, description and versions, and beside them its tags, access, aliases,
// deployments, stage timeline, retirement and management. Each section in _sections/ reads what
// it shows through lib/; this page loads the model and the page of versions, decides what the
// viewer may change, and lays the sections out.
import type { Metadata } from "next";
import { DescriptionCard } from "@/components/registry/description-card";
import {
  RetirementBanner,
  RetirementCard,
} from "@/components/retirement/retirement-card";
import { orNotFound } from "@/app/(app)/or-not-found";
import { requirePagePermission } from "@/lib/auth/session";
import { modelCapabilities } from "@/lib/registry/model-permissions";
import {
  getModelDetail,
  listVersionRows,
  pageSizeFrom,
} from "@/lib/registry/queries";
import { currentRetirement } from "@/lib/retirement/queries";
import { retirementActions } from "@/app/(app)/models/retirement-bindings";
import { updateDescriptionAction } from "../actions";
import { AliasesCard } from "./_sections/aliases";
import { DeploymentsCard } from "./_sections/deployments";
import { ModelHeader } from "./_sections/header";
import { ManageCard } from "./_sections/manage";
import { StageTimelineCard } from "./_sections/stage-timeline";
import { AccessCard, TagsCard } from "./_sections/tags-access";
import { VersionsSection } from "./_sections/versions";

type Params = {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ vcursor?: string; vlimit?: string; at?: string }>;
};

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function ModelPage({ params, searchParams }: Params) {
  const actor = await requirePagePermission("models.read");
  const name = decodeURIComponent((await params).name);
  const { vcursor, vlimit, at } = await searchParams;
  // Versions per page as on the models list; ?vlimit= picks another.
  const perPage = pageSizeFrom(vlimit);
  const model = orNotFound(() => getModelDetail(actor, name));
  const versions = listVersionRows(actor, name, {
    limit: perPage,
    cursor: vcursor,
  });
  const { editModel: canEditModel, writeVersions: canWriteVersions } =
    modelCapabilities(actor, name);
  const retirement = currentRetirement(actor, name);
  return (
    <>
      <ModelHeader model={model} canWriteVersions={canWriteVersions} />

      <RetirementBanner r={retirement} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(16rem,1fr)]">
        <div className="min-w-0 space-y-6">
          <DescriptionCard
            source={model.description}
            canEdit={canEditModel}
            save={updateDescriptionAction.bind(null, model.name)}
          />
          <VersionsSection
            model={model}
            versions={versions}
            cursor={vcursor}
            perPage={perPage}
          />
        </div>
        <div className="space-y-6">
          <TagsCard model={model} canEdit={canEditModel} />
          <AccessCard actor={actor} model={model} canManage={canEditModel} />
          <AliasesCard
            actor={actor}
            model={model}
            versions={versions.items}
            canEdit={canWriteVersions}
          />
          <DeploymentsCard actor={actor} name={name} />
          <StageTimelineCard
            actor={actor}
            model={model}
            at={at}
            canWriteVersions={canWriteVersions}
          />
          <RetirementCard
            actor={actor}
            model={model.name}
            version={null}
            r={retirement}
            actions={retirementActions(model.name, null, retirement)}
            writable={model.status !== "retired"}
          />
          {canEditModel ? <ManageCard model={model} /> : null}
        </div>
      </div>
    </>
  );
}
