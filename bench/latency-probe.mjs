// Measures answer times from a fresh, idle Node process (so the benchmark process's own work does
// not show as server latency): two sequential loops for `durationMs`, one POSTing a prediction and
// one GETting a page. Usage: node bench/latency-probe.mjs '{"durationMs","predict":{url,headers,body},"page":{url,headers}}'
// Prints {"predict":{"n","p50","p99"},"page":{...}} in ms.
const { durationMs, predict, page } = JSON.parse(process.argv[2]);
const end = Date.now() + durationMs;
const loop = async (request) => {
  const samples = [];
  while (Date.now() < end) {
    const t = process.hrtime.bigint();
    const r = await fetch(request.url, {
      method: request.body ? "POST" : "GET",
      headers: request.headers,
      body: request.body,
    });
    if (!r.ok) throw new Error(`${request.url}: HTTP ${r.status}`);
    await r.arrayBuffer();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (p) =>
    samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)];
  return { n: samples.length, p50: at(0.5), p99: at(0.99) };
};
const [p, g] = await Promise.all([loop(predict), loop(page)]);
console.log(JSON.stringify({ predict: p, page: g }));
