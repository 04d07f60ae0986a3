import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DemoBanner } from "@/components/shell/demo-banner";
import { currentActor } from "@/lib/auth/session";
import { safeNextPath } from "@/lib/http/safe-next";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const next = safeNextPath((await searchParams).next);
  if (await currentActor()) redirect(next);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <DemoBanner className="fixed inset-x-0 top-0" />
      <div className="w-full max-w-sm rounded-xl border border-border bg-surface p-8 shadow-sm">
        <div className="mb-6">
          <p className="text-lg font-semibold tracking-tight">Stageline</p>
          <h1 className="mt-1 text-sm text-muted">
            Sign in to manage your models
          </h1>
        </div>
        <SignInForm next={next} />
      </div>
    </main>
  );
}
