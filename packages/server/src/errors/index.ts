export { notFoundPlugin, problemErrorHandler } from './error-handler.js';
export { defineErrorCodes, errorSpecOf, registeredErrorCodes } from './error-registry.js';
export type { AnyErrorCode, TesseraErrorCodes } from './error-registry.js';
export { problemBody, sendProblem } from './problem.js';
export { TesseraError } from './tessera-error.js';
export type { ProblemMembers } from './tessera-error.js';
export { renderErrorTable } from './error-docs.js';
