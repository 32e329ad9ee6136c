/**
 * A process that logs through {@link stdoutLogDestination} to the file named by argv[2] (flush
 * interval 10 s, so nothing is written before the end) and then ends as argv[3] says: `exit`
 * (process.exit) or `throw` (an uncaught exception). Spawned by log-destination.test.ts.
 */
import { openSync } from 'node:fs';
import { stdoutLogDestination } from '../../src/http/log-destination.js';

const [file = '', ending = 'exit'] = process.argv.slice(2);
const destination = stdoutLogDestination(10_000, openSync(file, 'a'));
for (let n = 0; n < 3; n += 1) destination.stream.write(`{"level":30,"n":${n}}\n`);
if (ending === 'throw') throw new Error('the fixture fails on purpose');
process.exit(0);
