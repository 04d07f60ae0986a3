import type { Metadata } from "next";
import { formatMetric } from "@/lib/format";
import Link from "next/link";
import {
  CompareView,
  type CompareData,
} from "@/components/evaluation/compare-view";
import { PageHeader } from "@/components/ui/card";
import { orNotFound } from "@/app/(app)/or-not-found";
import { requirePagePermission } from "@/lib/auth/session";
import { listEvaluations } from "@/lib/evaluation/queries";
import { metricLabel } from "@/lib/evaluation/metric-names";
import { lowerIsBetter } from "@/lib/lifecycle/gates";
import type { VersionDto } from "@/lib/registry/dto";
import { modelHref, versionHref } from "@/lib/registry/paths";
import {
  getModelDetail,
  getVersion,
  listVersions,
} from "@/lib/registry/queries";

export const metadata: Metadata = { title: "Compare versions" };

/** Any number of versions side by side: metrics (best marked), parameters, lineage, and charts. */
export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ versions?: string; v?: string | string[] }>;
}) {
  const actor = await requirePagePermission("models.read");
  const name = decodeURIComponent((await params).name);
  // Either ?versions=1,3,4 (shareable) or ?v=1&v=3 (the model page's checkbox form).
  const sp = await searchParams;
  const listed = [
    ...(sp.versions ?? "").split(","),
    ...(Array.isArray(sp.v) ? sp.v : sp.v ? [sp.v] : []),
  ];
  const wanted = [
    ...new Set(listed.map((s) => s.trim()).filter((s) => /^\d+$/.test(s))),
  ].sort((a, b) => Number(a) - Number(b));
  // A version number that cannot exist (0, or longer than nine digits) is as missing as an unknown one.
  const { model, versions } = orNotFound(
    () => ({
      model: getModelDetail(actor, name),
      versions: wanted.map((v) => getVersion(actor, name, v)),
    }),
    ["not_found", "invalid"],
  );
  const keys = (pick: (v: VersionDto) => Record<string, unknown>) =>
    [...new Set(versions.flatMap((v) => Object.keys(pick(v))))].sort();
  const metricNames = keys((v) => v.metrics);
  const rows: CompareData["rows"] = [
    ...metricNames.map((k) => {
      const vals = versions.map((v) => v.metrics[k] ?? null);
      const present = vals.filter((x): x is number => x !== null);
      const best =
        present.length > 1
          ? lowerIsBetter(k)
            ? Math.min(...present)
            : Math.max(...present)
          : null;
      return {
        section: "Metrics",
        // As on the version page: the name people say, and the key MLflow code logs by.
        label: sameWords(metricLabel(k), k) ? k : `${metricLabel(k)} (${k})`,
        values: vals.map((x) => (x === null ? null : formatMetric(x))),
        best:
          best === null ? [] : vals.flatMap((x, i) => (x === best ? [i] : [])),
      };
    }),
    ...keys((v) => v.params).map((k) => ({
      section: "Parameters",
      label: k,
      values: versions.map((v) => v.params[k] ?? null),
      best: [],
    })),
    {
      section: "Lineage",
      label: "git commit",
      values: versions.map((v) => v.lineage.git_commit),
      best: [],
    },
    {
      section: "Lineage",
      label: "dataset",
      values: versions.map((v) => v.lineage.dataset_name),
      best: [],
    },
    {
      section: "Lineage",
      label: "dataset version",
      values: versions.map((v) => v.lineage.dataset_version),
      best: [],
    },
    {
      section: "Lineage",
      label: "framework",
      values: versions.map((v) => v.framework),
      best: [],
    },
  ];
  const all = listVersions(actor, name, { limit: 200 }).items.slice().reverse();
  const trend = Object.fromEntries(
    metricNames.map((k) => [
      k,
      all.flatMap((v) =>
        v.metrics[k] === undefined
          ? []
          : [{ x: v.version, y: v.metrics[k] as number }],
      ),
    ]),
  );
  const roc = versions.flatMap((v) => {
    const e = listEvaluations(actor, name, String(v.version)).find(
      (x) => x.curves.roc,
    );
    return e?.curves.roc
      ? [
          {
            name: `v${v.version} (AUC ${e.metrics.auc === undefined ? "?" : formatMetric(e.metrics.auc)})`,
            points: e.curves.roc,
          },
        ]
      : [];
  });
  const champion = model.aliases.find((a) => a.alias === "champion")?.version;
  const challenger = model.aliases.find(
    (a) => a.alias === "challenger",
  )?.version;
  const data: CompareData = {
    versions: versions.map((v) => ({
      version: v.version,
      stage: v.stage,
      href: versionHref(name, v.version),
    })),
    rows,
    metricNames,
    metricValues: Object.fromEntries(
      metricNames.map((k) => [k, versions.map((v) => v.metrics[k] ?? null)]),
    ),
    trend,
    roc,
    keyMetric: model.key_metric,
  };
  return (
    <>
      <PageHeader
        title={`Compare versions of ${name}`}
        description={
          <>
            <Link href={modelHref(name)} className="text-accent underline">
              Back to {name}
            </Link>
            {champion && challenger ? (
              <>
                {" · "}
                <Link
                  href={`${modelHref(name)}/compare?versions=${champion},${challenger}`}
                  className="text-accent underline"
                >
                  Champion vs challenger
                </Link>
              </>
            ) : null}
          </>
        }
      />
      {versions.length < 2 ? (
        <p className="text-sm text-muted">
          Pick at least two versions on the model page to compare them.
        </p>
      ) : (
        <CompareView data={data} />
      )}
    </>
  );
}

/** "Train rows" against train_rows: the same words, so the key alone says it. */
function sameWords(label: string, key: string): boolean {
  const words = (s: string) =>
    s
      .toLowerCase()
      .replace(/[_.\s]+/g, " ")
      .trim();
  return words(label) === words(key);
}
