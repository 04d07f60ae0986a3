// `npm run bench`: every benchmark, printed as tables of medians. Figures depend on the machine;
// run on an otherwise idle one. `npm run bench -- --skip-upload` skips the 1 GiB upload.
import { registryBench } from "./registry";

const args = new Set(process.argv.slice(2));
registryBench({ skipUpload: args.has("--skip-upload") })
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
