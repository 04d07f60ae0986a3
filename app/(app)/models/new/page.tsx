import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/session";
import { CreateModelForm } from "./create-model-form";

export const metadata: Metadata = { title: "New model" };

export default async function NewModelPage() {
  await requirePagePermission("models.create");
  return (
    <>
      <PageHeader
        title="New model"
        description="Register a model; add versions from the browser or from training code."
      />
      <Card>
        <CreateModelForm />
      </Card>
    </>
  );
}
