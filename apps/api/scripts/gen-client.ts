import { writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { clientTypesPath, generateClientTypes } from "../test/generated-client/generate";

// `pnpm --filter @keyway/api gen:client`: rewrites the client types the generated-client test checks.
await writeFile(clientTypesPath, await generateClientTypes());
console.log(`wrote ${relative(process.cwd(), clientTypesPath)}`);
