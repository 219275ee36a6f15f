import Fastify from "fastify";

// The reference point of every figure: what a bare Fastify JSON route does on this machine.
const app = Fastify({ logger: false });
app.get("/", async () => ({ hello: "world" }));
app.post("/", async () => ({ hello: "world" }));
await app.listen({ port: Number(process.env.PORT ?? 3100), host: "127.0.0.1" });
