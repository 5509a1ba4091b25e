// Flood control's window, to the millisecond, on the class the engine asks (the default 12 in
// 20 s through the whole engine is tested in engine.test.ts): a message exactly one window old
// no longer counts, the notice comes once per flood, a message taken back (it failed) frees
// its place, citizens are counted apart, and idle citizens are forgotten once 10 000 are known.
import { describe, expect, it } from 'vitest';
import { FloodControl } from '../../src/conversation/flood-control.js';

const limits = { maxMessages: 3, windowMs: 10_000 };

describe('flood control’s window', () => {
  it('allows the limit, notifies once at the next message, then drops until the window has room', () => {
    const flood = new FloodControl(limits);
    expect([0, 1, 2].map((at) => flood.check('a', at))).toEqual(['allow', 'allow', 'allow']);
    expect(flood.check('a', 3)).toBe('notify');
    expect(flood.check('a', 4)).toBe('drop');
    expect(flood.check('a', 9_999)).toBe('drop');
    // the first message is exactly one window old: it no longer counts
    expect(flood.check('a', 10_000)).toBe('allow');
    expect(flood.check('a', 10_001)).toBe('allow');
    expect(flood.check('a', 10_002)).toBe('allow');
    // a new flood gets a new notice
    expect(flood.check('a', 10_003)).toBe('notify');
    expect(flood.check('a', 10_004)).toBe('drop');
  });

  it('counts dropped messages for nothing: the window is measured from the allowed ones', () => {
    const flood = new FloodControl(limits);
    for (const at of [0, 1, 2]) flood.check('a', at);
    for (let at = 3; at < 9_000; at += 500) flood.check('a', at);
    expect(flood.check('a', 10_000)).toBe('allow');
  });

  it('counts each citizen apart', () => {
    const flood = new FloodControl(limits);
    for (const at of [0, 1, 2]) flood.check('a', at);
    expect(flood.check('a', 3)).toBe('notify');
    expect(flood.check('b', 3)).toBe('allow');
  });

  it('takes back a message that failed, so it does not count against the citizen', () => {
    const flood = new FloodControl(limits);
    for (const at of [0, 1, 2]) flood.check('a', at);
    flood.forget('a', 1);
    expect(flood.check('a', 5)).toBe('allow');
    expect(flood.check('a', 6)).toBe('notify');
    // taking back what was never counted changes nothing
    flood.forget('a', 12_345);
    flood.forget('nobody', 1);
    expect(flood.check('a', 7)).toBe('drop');
  });

  it('takes back the oldest message of the window too', () => {
    const flood = new FloodControl(limits);
    for (const at of [0, 1, 2]) flood.check('a', at);
    flood.forget('a', 0);
    expect(flood.check('a', 5)).toBe('allow');
    expect(flood.check('a', 6)).toBe('notify');
  });

  it('takes back one message only when two came in the same millisecond', () => {
    const flood = new FloodControl(limits);
    for (const at of [0, 0, 0]) flood.check('a', at);
    flood.forget('a', 0);
    expect(flood.check('a', 1)).toBe('allow');
    expect(flood.check('a', 2)).toBe('notify');
  });

  it('when 10 000 citizens are known, forgets the idle ones but never one still in its window', () => {
    const flood = new FloodControl(limits);
    for (let index = 1; index < 10_000; index += 1) flood.check(`idle-${index}`, 0);
    // a citizen floods at t=5 000: 10 000 known
    for (const at of [5_000, 5_001, 5_002]) flood.check('flooding', at);
    // at t=10 000 an allowed message sweeps: the idle ones go, the flooding one stays counted
    expect(flood.check('fresh', 10_000)).toBe('allow');
    expect(flood.check('flooding', 10_003)).toBe('notify');
    expect(flood.check('idle-1', 10_004)).toBe('allow');
  });

  it('keeps counting, through a sweep, the recent messages of a citizen whose oldest one is a window old', () => {
    const flood = new FloodControl(limits);
    for (let index = 1; index < 10_000; index += 1) flood.check(`idle-${index}`, 0);
    for (const at of [0, 9_000, 9_500]) flood.check('steady', at);
    // the sweep at t=10 000: the message at t=0 no longer counts, the two recent ones do
    expect(flood.check('fresh', 10_000)).toBe('allow');
    expect(flood.check('steady', 10_001)).toBe('allow');
    expect(flood.check('steady', 10_002)).toBe('notify');
  });
});
