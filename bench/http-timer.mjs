// Times sequential GETs of one URL from a fresh, idle Node process, so the figures show the
// server's answer time rather than the garbage collection of the benchmark process that just
// generated 200,000 rows. Usage: node bench/http-timer.mjs '{"url","headers","runs","warmup"}'
// Prints {"median","p95"} in ms. Sends Accept-Encoding like a browser (the server compresses).
const {
  url,
  headers = {},
  runs = 30,
  warmup = 20,
} = JSON.parse(process.argv[2]);
const once = async () => {
  const t = process.hrtime.bigint();
  const r = await fetch(url, { headers });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  await r.arrayBuffer();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
for (let i = 0; i < warmup; i++) await once();
const samples = [];
for (let i = 0; i < runs; i++) samples.push(await once());
samples.sort((a, b) => a - b);
const median =
  runs % 2
    ? samples[(runs - 1) / 2]
    : (samples[runs / 2 - 1] + samples[runs / 2]) / 2;
console.log(
  JSON.stringify({
    median,
    p95: samples[Math.min(runs - 1, Math.ceil(0.95 * runs) - 1)],
  }),
);
