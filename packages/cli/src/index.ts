export { createProgram } from './program.js';
export { describeFailure, run } from './run.js';
