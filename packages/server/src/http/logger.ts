import type { DestinationStream } from 'pino';
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { LogLevel } from '../config/config.js';

type LoggerSettings = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/** Query parameters whose values are never logged. */
const SECRET_NAMES = 'access_token|refresh_token|token|id_token|code|password|state|ticket';
const SECRET_QUERY_KEYS = new RegExp(`^(?:${SECRET_NAMES})$`, 'i');
/** A secret-looking name anywhere in a query without percent-escapes. */
const SECRET_QUERY_NAME = new RegExp(`(?:^|&)(?:${SECRET_NAMES})(?:=|&|$)`, 'i');

/** The request URL with the values of secret-looking query parameters replaced. */
export function sanitizeUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  // Most queries name nothing secret, and without a `%` no name can hide behind an escape.
  const query = url.slice(queryStart + 1);
  if (!query.includes('%') && !SECRET_QUERY_NAME.test(query)) return url;
  return `${url.slice(0, queryStart)}?${redactQuery(query)}`;
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const key = pair.split('=', 1)[0] ?? '';
      let name = key;
      try {
        name = decodeURIComponent(key);
      } catch {
        // an undecodable name is kept as sent; its value is still hidden below
        return `${key}=[REDACTED]`;
      }
      return SECRET_QUERY_KEYS.test(name) ? `${key}=[REDACTED]` : pair;
    })
    .join('&');
}

/**
 * pino settings: request lines without headers, secret query values hidden, and redaction of
 * any `authorization`, `cookie`, `password` or token field that reaches a log object.
 */
export function loggerOptions(level: LogLevel, stream?: DestinationStream): LoggerSettings {
  return {
    level,
    ...(stream === undefined ? {} : { stream }),
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.current_password',
        '*.token',
        '*.access_token',
        '*.refresh_token',
      ],
      censor: '[REDACTED]',
    },
    serializers: {
      req(request: FastifyRequest) {
        return {
          id: request.id,
          method: request.method,
          url: sanitizeUrl(request.url),
          remoteAddress: request.ip,
        };
      },
    },
  };
}
