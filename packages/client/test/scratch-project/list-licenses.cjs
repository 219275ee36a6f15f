// Plain JavaScript, CommonJS: no TypeScript, no bundler.
const { createKeywayClient } = require("@keyway/client");

const keyway = createKeywayClient({ url: process.env.KEYWAY_URL, apiKey: process.env.KEYWAY_API_KEY });
keyway.license.list.query({ limit: 5 }).then(
  (page) => console.log(`license key: ${page.items[0]?.key}`),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
