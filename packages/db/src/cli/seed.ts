import { createDb } from "../client";
import { DEMO, seedDemo } from "../seed";

const handle = await createDb({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.DATA_DIR ?? "./.data",
});
await handle.migrate();
const result = await seedDemo(handle.db);
console.log(
  result.created
    ? `seeded demo vendor ${DEMO.vendorSlug}: x-api-key ${DEMO.biznoq.key}, x-api-secret ${DEMO.biznoq.secret}`
    : "demo vendor already present; nothing changed",
);
await handle.close();
