// What a navigation to the models list shows until the page of models arrives: the title, the
// filter form and the table, as placeholders. (In the route group so that it covers this list
// only: a model or version page streams its own widgets and must still answer 404 when missing.)
import { Bar, PageSkeleton, TableSkeleton } from "@/components/ui/skeleton";

export default function ModelsLoading() {
  return (
    <PageSkeleton title="Models">
      <div className="mb-4 rounded-lg border border-border bg-surface p-3">
        <Bar className="h-8 w-full" />
      </div>
      <TableSkeleton rows={8} />
    </PageSkeleton>
  );
}
