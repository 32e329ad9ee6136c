export { authGuard, guestGuard } from './guards.js';
export { provideTessera } from './provide-tessera.js';
export { TesseraAuth } from './tessera-auth.js';
export { tesseraInterceptor } from './tessera-interceptor.js';
export {
  TESSERA_CLIENT,
  TESSERA_OPTIONS,
  type ResolvedTesseraOptions,
  type TesseraAngularOptions,
  type TesseraConfig,
} from './tessera-options.js';
