// Fakes of the two browser APIs the cross-tab coordination uses. Each client instance plays a
// tab: they share the channel (messages are structured-cloned and delivered in a later task, as
// a browser does, never to the sender) and the lock manager (exclusive, FIFO, `ifAvailable`).
import { vi } from 'vitest';

type Listener = (event: { data: unknown }) => void;

export class FakeBroadcastChannel {
  static readonly open = new Set<FakeBroadcastChannel>();
  static readonly posted: unknown[] = [];
  readonly name: string;
  onmessage: Listener | null = null;

  constructor(name: string) {
    this.name = name;
    FakeBroadcastChannel.open.add(this);
  }

  postMessage(data: unknown): void {
    if (!FakeBroadcastChannel.open.has(this)) throw new Error('InvalidStateError: closed');
    FakeBroadcastChannel.posted.push(structuredClone(data));
    for (const other of FakeBroadcastChannel.open) {
      if (other === this || other.name !== this.name) continue;
      const copy = structuredClone(data);
      setTimeout(() => {
        if (FakeBroadcastChannel.open.has(other)) other.onmessage?.({ data: copy });
      }, 0);
    }
  }

  close(): void {
    FakeBroadcastChannel.open.delete(this);
  }
}

type LockCallback = (lock: { name: string } | null) => Promise<unknown>;

export class FakeLockManager {
  readonly #held = new Set<string>();
  readonly #waiting = new Map<string, (() => void)[]>();
  /** How many requests had to wait for another holder. */
  waits = 0;

  async request(
    name: string,
    options: { ifAvailable?: boolean },
    callback: LockCallback,
  ): Promise<unknown> {
    if (this.#held.has(name)) {
      if (options.ifAvailable === true) return callback(null);
      this.waits++;
      const queue = this.#waiting.get(name) ?? [];
      this.#waiting.set(name, queue);
      await new Promise<void>((resolve) => queue.push(resolve)); // handed over, still held
    } else {
      this.#held.add(name);
    }
    try {
      return await callback({ name });
    } finally {
      const next = this.#waiting.get(name)?.shift();
      if (next === undefined) this.#held.delete(name);
      else next();
    }
  }
}

/** Installs both fakes on the page; returns the lock manager. Undo with {@link removeTabFakes}. */
export function installTabFakes(): FakeLockManager {
  const locks = new FakeLockManager();
  vi.stubGlobal('BroadcastChannel', FakeBroadcastChannel);
  Object.defineProperty(Reflect.get(globalThis, 'navigator'), 'locks', {
    configurable: true,
    value: locks,
  });
  return locks;
}

export function removeTabFakes(): void {
  vi.unstubAllGlobals();
  Reflect.deleteProperty(Reflect.get(globalThis, 'navigator'), 'locks');
  FakeBroadcastChannel.open.clear();
  FakeBroadcastChannel.posted.length = 0;
}

/** Lets the messages posted so far arrive. */
export function deliver(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}
