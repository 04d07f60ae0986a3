import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { modelHref } from "@/lib/registry/paths";
import { CreateVersionForm } from "./create-version-form";

export const metadata: Metadata = { title: "Register version" };

export default async function NewVersionPage({
  params,
}: {
  params: Promise<{ name: string }>;
}) {
  await requirePagePermission("versions.write");
  const name = decodeURIComponent((await params).name);
  return (
    <>
      <PageHeader
        title="Register version"
        description={
          <>
            A new version of{" "}
            <Link href={modelHref(name)} className="text-accent underline">
              {name}
            </Link>
            . Upload its files on the next page.
          </>
        }
      />
      <Card>
        <CreateVersionForm model={name} />
      </Card>
    </>
  );
}
