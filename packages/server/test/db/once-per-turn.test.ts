/**
 * oncePerTurn, the memo behind the guard's SQLite change check: one read per event-loop turn,
 * and a change made before a turn begins is seen by that turn's first call.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { oncePerTurn } from '../../src/db/once-per-turn.js';

function counter() {
  const state = { value: 1, reads: 0 };
  const read = () => {
    state.reads += 1;
    return state.value;
  };
  return { state, read };
}

describe('oncePerTurn', () => {
  it('reads once for every call made in the same turn', () => {
    const { state, read } = counter();
    const version = oncePerTurn(read);
    const seen = Array.from({ length: 50 }, () => version());
    expect(new Set(seen)).toEqual(new Set([1]));
    expect(state.reads).toBe(1);
  });

  it('reads again in the next turn and sees a change made before it began', async () => {
    const { state, read } = counter();
    const version = oncePerTurn(read);
    expect(version()).toBe(1);
    state.value = 2;
    await nextTurn();
    expect(version()).toBe(2);
    expect(version()).toBe(2);
    expect(state.reads).toBe(2);
  });

  it('keeps the memo across promise continuations of the same turn, not across turns', async () => {
    const { state, read } = counter();
    const version = oncePerTurn(read);
    version();
    await Promise.resolve();
    version();
    expect(state.reads).toBe(1);
    await nextTurn();
    version();
    expect(state.reads).toBe(2);
  });
});
