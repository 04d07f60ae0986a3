// The physical limit of the serving benchmark: one bare node:http process on loopback that reads
// each request's body to its end (as any JSON endpoint must) and answers a constant JSON of about
// the size of a prediction. Prints its port on stdout once it listens. Usage: node bench/bare-server.mjs
import http from "node:http";

const json = JSON.stringify({
  model: "penguins-sex",
  version: 3,
  predictions: [0.4213],
  prediction_ids: ["00000000-0000-4000-8000-000000000000"],
  deployment_id: 1,
});
const server = http.createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    res.writeHead(200, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(json),
      "Cache-Control": "no-store",
    });
    res.end(json);
  });
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
process.once("SIGTERM", () => process.exit(0));
