import { StatusPage } from "@/components/ui/status-page";

export default function Forbidden() {
  return (
    <StatusPage code={403} title="You don't have access to this page">
      Your role does not include it. Ask an admin if you need it.
    </StatusPage>
  );
}
