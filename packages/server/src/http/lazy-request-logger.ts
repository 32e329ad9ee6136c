import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
type LogMethod = FastifyBaseLogger['info'];
type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;

/**
 * A request's logger that becomes a real child logger (with the request id bound) only when
 * something logs through it. Fastify makes a child logger for every request; most requests
 * never log through it (the access line has its own logger), and making one cost about 1 µs of
 * the request's main-thread time.
 */
class LazyRequestLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildOptions,
  ) {}

  get #logger(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings, this.options);
    return this.#child;
  }

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.#logger.level = level;
  }

  readonly fatal: LogMethod = (...args: Parameters<LogMethod>) => this.#logger.fatal(...args);
  readonly error: LogMethod = (...args: Parameters<LogMethod>) => this.#logger.error(...args);
  readonly warn: LogMethod = (...args: Parameters<LogMethod>) => this.#logger.warn(...args);
  readonly info: LogMethod = (...args: Parameters<LogMethod>) => this.#logger.info(...args);
  readonly debug: LogMethod = (...args: Parameters<LogMethod>) => this.#logger.debug(...args);
  readonly trace: LogMethod = (...args: Parameters<LogMethod>) => this.#logger.trace(...args);
  readonly silent: LogMethod = (...args: Parameters<LogMethod>) => this.#logger.silent(...args);

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#logger.child(bindings, options);
  }
}

/**
 * Fastify's `childLoggerFactory` for {@link LazyRequestLogger}: `request.log` behaves as
 * Fastify's own child logger (same bindings, same lines), created on first use.
 *
 * @example
 * ```ts
 * const app = Fastify({ logger: true, childLoggerFactory: lazyChildLoggerFactory });
 * ```
 */
export const lazyChildLoggerFactory: ChildLoggerFactory = (logger, bindings, options) =>
  new LazyRequestLogger(logger, bindings, options);
