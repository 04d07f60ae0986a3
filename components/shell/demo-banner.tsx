import { liveDemoAccounts } from "@/lib/users/demo";

/** On every page while a demo account can sign in with its published password (README, start log). */
export async function DemoBanner({ className = "" }: { className?: string }) {
  const live = await liveDemoAccounts();
  if (live.length === 0) return null;
  return (
    <div
      role="note"
      aria-label="Demo accounts"
      data-testid="demo-banner"
      className={`border-b border-warning/30 bg-warning/10 px-4 py-2 text-center text-sm text-warning ${className}`}
    >
      <strong className="font-semibold">Demo accounts are active</strong> with
      their published passwords ({live.join(", ")}): anyone who can reach this
      server can sign in as them. Deactivate them or change their passwords in
      Settings › Users.
    </div>
  );
}
