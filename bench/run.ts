// `npm run bench`: every benchmark, printed as tables of medians. Figures depend on the machine;
// run on an otherwise idle one. `--skip-upload` skips the 1 GiB upload; `--only=registry|evaluation|evaluation-load|serving|monitoring|dashboard|load|mlflow`.
import { dashboardBench } from "./dashboard";
import { evaluationBench, evaluationUnderLoad } from "./evaluation";
import { loadBench } from "./load";
import { mlflowBench } from "./mlflow";
import { monitoringBench } from "./monitoring";
import { registryBench } from "./registry";
import { servingBench } from "./serving";

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith("--only="))?.slice(7);

async function main() {
  if (!only || only === "registry")
    await registryBench({ skipUpload: args.includes("--skip-upload") });
  if (!only || only === "evaluation") await evaluationBench();
  if (!only || only === "evaluation" || only === "evaluation-load")
    await evaluationUnderLoad();
  if (!only || only === "serving") await servingBench();
  if (!only || only === "monitoring") await monitoringBench();
  if (!only || only === "dashboard") await dashboardBench();
  if (!only || only === "load") await loadBench();
  if (!only || only === "mlflow") await mlflowBench();
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
