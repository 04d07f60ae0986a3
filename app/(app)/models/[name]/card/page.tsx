import type { Metadata } from "next";
import Link from "next/link";
import { Markdown } from "@/components/markdown";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PrintButton } from "@/components/ui/print-button";
import { modelCapabilities } from "@/lib/registry/model-permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { runFormAction } from "@/lib/http/action";
import {
  getModelCard,
  updateModelCard,
  WRITTEN_SECTIONS,
} from "@/lib/model-card/model-card";
import { modelHref } from "@/lib/registry/paths";
import { getModelDetail } from "@/lib/registry/queries";
import { orNotFound } from "@/app/(app)/or-not-found";
import { CardEditor } from "./card-editor";
import "./print.css";

type Params = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Model card: ${decodeURIComponent((await params).name)}` };
}

async function saveCard(name: string, _prev: unknown, form: FormData) {
  "use server";
  return runFormAction(
    form,
    (actor, values) => {
      updateModelCard(
        actor,
        name,
        Object.fromEntries(WRITTEN_SECTIONS.map((k) => [k, values[k] ?? ""])),
      );
      return null;
    },
    { refresh: [`${modelHref(name)}/card`] },
  );
}

export default async function ModelCardPage({ params }: Params) {
  const actor = await requirePagePermission("models.read");
  const name = decodeURIComponent((await params).name);
  const card = orNotFound(() => {
    getModelDetail(actor, name);
    return getModelCard(actor, name);
  });
  const canEdit = modelCapabilities(actor, name).editModel;
  return (
    <article className="mx-auto max-w-3xl space-y-4" data-print-document="">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-xs text-muted print:hidden">
            <Link href={modelHref(name)} className="hover:underline">
              {name}
            </Link>{" "}
            /
          </p>
          <h1 className="text-xl font-semibold">Model card: {name}</h1>
          <p className="mt-1 text-sm">
            {card.complete ? (
              <Badge tone="success">Complete</Badge>
            ) : (
              <Badge tone="warning">
                Incomplete: {card.missing.join(", ")}
              </Badge>
            )}
          </p>
        </div>
        <div className="flex gap-2 print:hidden">
          <a
            href={`/api/v1/models/${encodeURIComponent(name)}/model-card?format=markdown`}
            className={buttonClass("secondary")}
          >
            Export markdown
          </a>
          <PrintButton />
        </div>
      </header>
      {card.sections.map((s) => (
        <Card
          key={s.key}
          // A section (and a GFM table in it) stays on one page when it fits on one.
          className="break-inside-avoid"
          data-card-section=""
        >
          <h2 className="mb-2 text-base font-semibold">{s.title}</h2>
          {s.generated ? <Markdown text={s.generated} /> : null}
          {s.text.trim() ? (
            <Markdown text={s.text} className={s.generated ? "mt-3" : ""} />
          ) : null}
          {!s.generated && !s.text.trim() ? (
            <p className="text-sm text-muted">Not written yet.</p>
          ) : null}
        </Card>
      ))}
      {canEdit ? (
        <Card className="print:hidden">
          <h2 className="mb-3 text-base font-semibold">
            Edit the written sections
          </h2>
          <CardEditor
            sections={card.sections.filter((s) =>
              (WRITTEN_SECTIONS as string[]).includes(s.key),
            )}
            action={saveCard.bind(null, name)}
          />
        </Card>
      ) : null}
    </article>
  );
}
