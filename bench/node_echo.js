// node_echo.js: node's ws as one in-process WebSocket echo server, the
// event-loop peer in `make bench`.  Usage: node node_echo.js ADDR PORT
// (PORT 0 picks one); prints "port N" when listening; exits by itself
// after an hour.  ws comes from tests/node/node_modules (sh tests/deps.sh).
"use strict";
const path = require("path");
const { WebSocketServer } = require(path.join(__dirname, "..", "tests",
  "node", "node_modules", "ws"));

const [host, port] = process.argv.slice(2);
if (!/^(127\.|::1$)/.test(host || "")) {
  console.error("usage: node node_echo.js LOOPBACK-ADDR PORT");
  process.exit(64);
}
const wss = new WebSocketServer({ host, port: Number(port),
  perMessageDeflate: false, maxPayload: 0, clientTracking: false });
wss.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on("error", () => ws.terminate());
});
wss.on("listening", () => console.log("port " + wss.address().port));
wss.on("error", (e) => { console.error("node_echo: " + e.message); process.exit(1); });
setTimeout(() => process.exit(0), 3600 * 1000).unref();
