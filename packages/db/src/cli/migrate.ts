import { createDb } from "../client";

const handle = await createDb({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.DATA_DIR ?? "./.data",
});
await handle.migrate();
console.log(`migrated (${handle.kind})`);
await handle.close();
