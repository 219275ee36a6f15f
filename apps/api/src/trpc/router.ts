import { router } from "./init";
import { healthRouter } from "./routers/health/router";

/** One small router per domain; this file only composes them. */
export const appRouter = router({
  health: healthRouter,
});

export type AppRouter = typeof appRouter;
