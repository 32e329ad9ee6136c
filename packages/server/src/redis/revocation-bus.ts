import { randomUUID } from 'node:crypto';

/** What one instance tells the others: users whose state changed, sessions that ended. */
export interface Revocation {
  readonly users: readonly number[];
  readonly sessions: readonly string[];
}

/** The part of an ioredis client the bus publishes with. */
export interface RedisPublisher {
  publish(channel: string, message: string): Promise<unknown>;
}

/** The part of an ioredis client (in subscriber mode) the bus listens with. */
export interface RedisSubscriber {
  subscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'ready' | 'close', listener: () => void): unknown;
}

/** The link's state: `up` while this instance hears the channel, `down` while it may not. */
export type BusState = 'up' | 'down';

/** Options of {@link RevocationBus}. */
export interface RevocationBusOptions {
  readonly channel: string;
  readonly publisher: RedisPublisher;
  readonly subscriber: RedisSubscriber;
  /** Another instance revoked: forget these users and end these sessions here. */
  readonly apply: (revocation: Revocation) => void;
  /**
   * The state changed. `down`: messages may be missed from now on (serve nothing from memory
   * that a message could have revoked). `up`: heard again (forget what was held, then serve
   * from memory again).
   */
  readonly onStateChange: (state: BusState) => void;
  /** How often the bus sends itself a heartbeat, ms (default 1000). */
  readonly heartbeatMs?: number;
  /** Heartbeats missed in a row before the link counts as down (default 2). */
  readonly missedHeartbeats?: number;
}

/** Most ids one message carries; longer lists go in several messages. */
const MAX_IDS_PER_MESSAGE = 500;

/**
 * The messages that carry `revocation` from the instance `from` (at most
 * {@link MAX_IDS_PER_MESSAGE} ids of each kind in one).
 *
 * @example
 * ```ts
 * for (const message of revocationMessages('cli', { users: [7], sessions: [] })) await client.publish(channel, message);
 * ```
 */
export function revocationMessages(from: string, revocation: Revocation): string[] {
  const { users, sessions } = revocation;
  const longest = Math.max(users.length, sessions.length);
  const messages: string[] = [];
  for (let start = 0; start < longest; start += MAX_IDS_PER_MESSAGE) {
    messages.push(
      JSON.stringify({
        from,
        users: users.slice(start, start + MAX_IDS_PER_MESSAGE),
        sessions: sessions.slice(start, start + MAX_IDS_PER_MESSAGE),
      }),
    );
  }
  return messages;
}

/** The channel revocations travel on, for a deployment's Redis prefix. */
export function revocationChannel(prefix: string): string {
  return `${prefix}revocations`;
}

type Message =
  | { readonly kind: 'heartbeat'; readonly from: string }
  | { readonly kind: 'revocation'; readonly from: string; readonly revocation: Revocation };

function parseMessage(text: string): Message | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { from, heartbeat, users, sessions } = value as Record<string, unknown>;
  if (typeof from !== 'string') return undefined;
  if (heartbeat === true) return { kind: 'heartbeat', from };
  const userIds = Array.isArray(users)
    ? users.filter((id): id is number => Number.isSafeInteger(id))
    : [];
  const sessionIds = Array.isArray(sessions)
    ? sessions.filter((id): id is string => typeof id === 'string')
    : [];
  return { kind: 'revocation', from, revocation: { users: userIds, sessions: sessionIds } };
}

/**
 * Revocations between instances over Redis pub/sub (issue #13): each instance publishes what
 * it revoked (after the commit, before answering) and applies what the others publish, so a
 * logout, a disabled user or a role change made on one instance reaches every other within
 * milliseconds instead of at the end of `TESSERA_USER_CACHE_TTL`.
 *
 * Pub/sub keeps nothing: a message sent while an instance does not hear the channel is lost.
 * So the bus sends itself a heartbeat every `heartbeatMs` and counts as `down` when the
 * subscription drops or its own heartbeats stop arriving (a stalled Redis, a paused link), and
 * as `up` only once it hears its own heartbeat again: a message published then is heard. The
 * caller reads the database for everything while the bus is down.
 *
 * @example
 * ```ts
 * const bus = new RevocationBus({ channel: 'tessera:revocations', publisher, subscriber, apply, onStateChange });
 * await bus.start();
 * bus.publish({ users: [7], sessions: [] });
 * bus.stop();
 * ```
 */
export class RevocationBus {
  readonly #options: RevocationBusOptions;
  readonly #heartbeatMs: number;
  readonly #staleAfterMs: number;
  /** Tells this instance's own messages apart from the others'. */
  readonly #self = randomUUID();
  #state: BusState = 'down';
  #lastHeard = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #firstHeard: () => void = () => undefined;

  constructor(options: RevocationBusOptions) {
    this.#options = options;
    this.#heartbeatMs = options.heartbeatMs ?? 1000;
    this.#staleAfterMs = this.#heartbeatMs * ((options.missedHeartbeats ?? 2) + 0.5);
  }

  /** `up` while this instance hears the channel. */
  get state(): BusState {
    return this.#state;
  }

  /**
   * Listens and starts the heartbeat; resolves once the bus hears itself, or after
   * `waitMs` with the bus still down (Redis unreachable: it keeps trying in the background).
   */
  async start(waitMs = 2000): Promise<void> {
    const { subscriber, channel } = this.#options;
    subscriber.on('message', (from, text) => {
      if (from === channel) this.#receive(text);
    });
    subscriber.on('close', () => this.#setState('down'));
    subscriber.on('ready', () => {
      this.#subscribe();
    });
    const heard = new Promise<void>((resolve) => {
      this.#firstHeard = resolve;
    });
    this.#subscribe();
    this.#timer = setInterval(() => this.#beat(), this.#heartbeatMs);
    this.#timer.unref();
    let waited: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      heard,
      new Promise<void>((resolve) => {
        waited = setTimeout(resolve, waitMs);
      }),
    ]);
    clearTimeout(waited);
  }

  /** Stops the heartbeat (the caller closes the connections). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Tells the other instances; never throws (while Redis is away, the others read the database). */
  publish(revocation: Revocation): void {
    for (const message of revocationMessages(this.#self, revocation)) this.#send(message);
  }

  #send(message: string): void {
    this.#options.publisher.publish(this.#options.channel, message).catch(() => undefined);
  }

  #subscribe(): void {
    this.#options.subscriber.subscribe(this.#options.channel).then(
      () => this.#heartbeat(),
      () => this.#setState('down'),
    );
  }

  #beat(): void {
    if (this.#state === 'up' && performance.now() - this.#lastHeard > this.#staleAfterMs) {
      this.#setState('down');
    }
    this.#heartbeat();
  }

  #heartbeat(): void {
    this.#send(JSON.stringify({ from: this.#self, heartbeat: true }));
  }

  #receive(text: string): void {
    const message = parseMessage(text);
    if (message === undefined) return;
    if (message.kind === 'heartbeat') {
      if (message.from !== this.#self) return;
      this.#lastHeard = performance.now();
      this.#setState('up');
      this.#firstHeard();
      return;
    }
    if (message.from !== this.#self) this.#options.apply(message.revocation);
  }

  #setState(state: BusState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#options.onStateChange(state);
  }
}
