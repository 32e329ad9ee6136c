export { ERROR_CODES, ERROR_CODE_LIST, isErrorCode } from './error-codes.js';
export type { ErrorCode, ErrorSpec } from './error-codes.js';
export { PROBLEM_CONTENT_TYPE, problemType } from './problem.js';
export type { ProblemDetails } from './problem.js';
export { ROLES, ROLE_SCOPES } from './wire.js';
export type { AccessTokenClaims, Role, Scope, TokenResponse, UserDto, UsersPage } from './wire.js';
