import { TesseraHttpError } from '@tessera/client';

/** The problem `code` of a failed call (`undefined` for anything but a Tessera HTTP error). */
export function problemCode(error: unknown): string | undefined {
  return error instanceof TesseraHttpError ? error.code : undefined;
}
