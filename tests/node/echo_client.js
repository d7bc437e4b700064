// node's ws against wsinetd: send random binary and text messages of the
// sizes given on the command line, check each echo by SHA-256, close 1000.
// Usage: node echo_client.js URL SIZE... ; prints one JSON line, exits 0/1.
"use strict";
const crypto = require("crypto");
const WebSocket = require("ws");

const [url, ...sizes] = process.argv.slice(2);
const sha = (b) => crypto.createHash("sha256").update(b).digest("hex");
const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 0 });
const sent = [];
for (const n of sizes.map(Number)) {
  sent.push(crypto.randomBytes(n));
  // Text: exactly n bytes of UTF-8, with 1-, 2- and 4-byte characters.
  const t = "aé😀".repeat(Math.floor(n / 7)) + "x".repeat(n % 7);
  sent.push(t);
}
let i = 0;
const timer = setTimeout(() => { console.log(JSON.stringify({ error: "timeout", got: i })); process.exit(1); }, 60000);
ws.on("open", () => { for (const m of sent) ws.send(m); });
ws.on("message", (data, isBinary) => {
  const want = sent[i++];
  const ok = typeof want === "string" ? !isBinary && data.toString() === want
    : isBinary && sha(data) === sha(want);
  if (!ok) { console.log(JSON.stringify({ error: "mismatch", index: i - 1 })); process.exit(1); }
  if (i === sent.length) ws.close(1000);
});
ws.on("close", (code) => {
  clearTimeout(timer);
  console.log(JSON.stringify({ messages: i, close: code }));
  process.exit(i === sent.length && code === 1000 ? 0 : 1);
});
ws.on("error", (e) => { console.log(JSON.stringify({ error: String(e) })); process.exit(1); });
