import Fastify from "fastify";
import answer from "./validate-answer.json" with { type: "json" };

// The reference point of every figure: what a bare Fastify JSON route does on this machine.
// POST /answer takes the verification request's JSON body and returns a fixed answer of the
// native validate route's size and shape: the floor for that route, with no work in between.
const app = Fastify({ logger: false });
app.get("/", async () => ({ hello: "world" }));
app.post("/", async () => ({ hello: "world" }));
app.post("/answer", async () => answer);
await app.listen({ port: Number(process.env.PORT ?? 3100), host: "127.0.0.1" });
// Exit cleanly on SIGTERM so BENCH_CPU_PROF can write this process's profile too.
process.once("SIGTERM", () => void app.close().then(() => process.exit(0)));
