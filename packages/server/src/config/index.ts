export { DEFAULT_CONFIG, readConfig, resolveConfig } from './config.js';
export type {
  LogLevel,
  SigningAlgorithm,
  TesseraConfig,
  TokenFormat,
  TesseraConfigInput,
} from './config.js';
export { ConfigError } from './config-error.js';
export { parseDurationSeconds } from './duration.js';
export { generateSecret, loadOrCreateSecret, SECRET_FILE_NAME, validateSecret } from './secret.js';
export { openConfiguredDatabase } from './open-configured-database.js';
export { GITHUB_ENDPOINTS, isLoopbackHost } from './oidc-config.js';
export type { OAuthEndpoints, OidcConfig, OidcProviderConfig } from './oidc-config.js';
