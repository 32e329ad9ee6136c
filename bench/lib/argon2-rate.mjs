// The raw argon2id rate: `verify` of one stored hash with the parameters Tessera uses, by
// `concurrency` calls at once on libuv's pool (as Tessera's PasswordHasher runs them), for
// `seconds`. Runs in its own process; prints one JSON line.
//   node argon2-rate.mjs <phc-hash> <password> <concurrency> <seconds>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// The @node-rs/argon2 that @tessera/server itself resolves.
const require = createRequire(
  fileURLToPath(new URL('../../packages/server/package.json', import.meta.url)),
);
const { verify } = require('@node-rs/argon2');

const [hash, password, concurrencyArg, secondsArg] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const seconds = Number(secondsArg);
if (!hash || !password || !(concurrency >= 1) || !(seconds > 0)) {
  console.error('usage: argon2-rate.mjs <hash> <password> <concurrency> <seconds>');
  process.exit(2);
}
if (!(await verify(hash, password))) throw new Error('the password does not match the hash');

/** CPU time of this process's main thread so far, in ns (Linux schedstat). */
const mainThreadNs = () =>
  Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]);
const cpuStart = mainThreadNs();
const start = performance.now();
const end = start + seconds * 1000;
let done = 0;
async function worker() {
  while (performance.now() < end) {
    if (!(await verify(hash, password))) throw new Error('verify failed');
    done += 1;
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const elapsed = (performance.now() - start) / 1000;
const mainMicrosPerVerify = (mainThreadNs() - cpuStart) / 1000 / done;
process.stdout.write(
  `${JSON.stringify({ verifies: done, seconds: elapsed, rate: done / elapsed, mainMicrosPerVerify })}\n`,
);
