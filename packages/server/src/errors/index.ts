export { errorHandlerPlugin } from './error-handler.js';
export { problemBody, sendProblem } from './problem.js';
export { TesseraError } from './tessera-error.js';
