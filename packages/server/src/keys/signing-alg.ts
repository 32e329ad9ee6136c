import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SigningAlgorithm, TesseraConfig } from '../config/config.js';
import { SECRET_FILE_NAME } from '../config/secret.js';

/**
 * The algorithm a configuration signs with: `TESSERA_SIGNING_ALG` when set; else `HS256` for an
 * install that has a secret (`TESSERA_JWT_SECRET`, or `<data>/jwt-secret` from an earlier start),
 * so its tokens and the services that hold its secret keep working; else `EdDSA`, for a new data
 * folder (keys in the database, public keys in the JWKS).
 *
 * @example
 * ```ts
 * resolveSigningAlg(readConfig(process.env)); // 'EdDSA' on a fresh machine
 * ```
 */
export function resolveSigningAlg(
  config: Pick<TesseraConfig, 'signingAlg' | 'jwtSecret' | 'dataDir'>,
): SigningAlgorithm {
  if (config.signingAlg !== undefined) return config.signingAlg;
  if (config.jwtSecret !== undefined) return 'HS256';
  return existsSync(join(config.dataDir, SECRET_FILE_NAME)) ? 'HS256' : 'EdDSA';
}
