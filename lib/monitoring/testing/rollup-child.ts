// A stand-in server process for recorder.multiprocess.test.ts: writes monitoring points of one
// minute on STAGELINE_DATA_DIR as a worker does, in batches, so two of these race on the same
// rollup rows. argv: deploymentId minute name first last step batches startAt; the batches start at
// startAt (epoch ms) and are 30 ms apart, so the processes' flushes interleave. Run with tsx --conditions=react-server.
import { flush, record } from "@/lib/monitoring/recorder";
import {
  observePrediction,
  flushPredictionCounters,
} from "@/lib/monitoring/prediction-counters";

const [deploymentId, minute, name, first, last, step, batches, startAt] =
  process.argv.slice(2);
const dep = Number(deploymentId);
const values: number[] = [];
for (let v = Number(first); v <= Number(last); v += Number(step))
  values.push(v);
const size = Math.ceil(values.length / Number(batches));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function main(): Promise<void> {
  await sleep(Math.max(0, Number(startAt) - Date.now()));
  for (let b = 0; b * size < values.length; b++) {
    if (b > 0) await sleep(30);
    values.slice(b * size, (b + 1) * size).forEach((value, i) => {
      record(dep, String(name), value, Number(minute) + (i % 60) * 1000);
      observePrediction(dep, "raced", 1, value / 1000, value % 10 !== 0);
    });
    flush();
    flushPredictionCounters();
  }
  console.log(`done ${process.pid}`);
}
void main();
