import type { ReactNode } from "react";
import { Sidebar } from "@/components/shell/sidebar";
import { requireActor } from "@/lib/auth/session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  return (
    <div className="md:flex">
      <Sidebar actor={actor} />
      <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-8">
        {children}
      </main>
    </div>
  );
}
