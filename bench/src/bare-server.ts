import { generateKeyPairSync } from "node:crypto";
import Fastify from "fastify";
import { signOnThread } from "../../apps/api/src/http/answer-signer-thread";
import {
  digestHeader,
  httpDate,
  SIGNED_HEADERS,
  signingString,
} from "../../apps/api/src/http/answer-signing";
import sample from "./validate-answer.json" with { type: "json" };

// The reference point of every figure: what a bare Fastify JSON route does on this machine.
// POST /answer takes the verification request's JSON body and returns a validate answer: the
// floor for that route, with no work in between.
// The answer is the one the bench's run sets with PUT /answer (a real validate answer of the
// server it measures, so the floor sends the same bytes); until then, validate-answer.json.
let answer: unknown = sample;
const app = Fastify({ logger: false });
app.get("/", async () => ({ hello: "world" }));
app.post("/", async () => ({ hello: "world" }));
app.post("/answer", async () => answer);
app.put("/answer", async (request) => {
  answer = request.body;
  return { bytes: Buffer.byteLength(JSON.stringify(answer)) };
});
// The same, with what every verification answer now carries (docs/signatures.md §2): a Date, a
// SHA-256 digest of the body and an Ed25519 signature over five lines, made as the server makes it
// (on its signing thread, apps/api/src/http/answer-signer-thread.ts). What signing alone costs:
// the answer is serialized on every request, as /answer's is by Fastify, then signed.
const { privateKey } = generateKeyPairSync("ed25519");
app.post("/signed-answer", async (request, reply) => {
  const body = JSON.stringify(answer);
  const date = httpDate();
  const digest = digestHeader(body);
  const lines = signingString({
    method: request.method,
    target: request.url,
    host: request.headers.host ?? "",
    date,
    digest,
    nonce: "",
  });
  const signature = await signOnThread("bench", privateKey, lines);
  reply
    .header("date", date)
    .header("digest", digest)
    .header(
      "keyway-signature",
      `keyid="bench", algorithm="ed25519", headers="${SIGNED_HEADERS}", signature="${signature}"`,
    )
    .type("application/json");
  return body;
});
await app.listen({ port: Number(process.env.PORT ?? 3100), host: "127.0.0.1" });
// Exit cleanly on SIGTERM so BENCH_CPU_PROF can write this process's profile too.
process.once("SIGTERM", () => void app.close().then(() => process.exit(0)));
