/**
 * Cases per fuzz target: 10 000 by default (CI), more with `TESSERA_FUZZ_RUNS` (`npm run fuzz`
 * runs 200 000). A failing case is printed with its seed and path, so it can be replayed.
 */
export const FUZZ_RUNS = Number(process.env['TESSERA_FUZZ_RUNS'] ?? 10_000);

/** Statuses a hostile request may get: never 2xx, 3xx or 5xx (SECURITY.md G1). */
export const REFUSALS = new Set([400, 401, 403, 404, 409, 413, 415, 429]);
