import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { handleShutdownSignals } from './graceful-shutdown.ts';
import type { CliIo } from './io.ts';

function harness(close: () => Promise<void>, graceMs = 1000) {
  const target = new EventEmitter();
  const lines: string[] = [];
  const exits: number[] = [];
  const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), stdin: process.stdin };
  const remove = handleShutdownSignals({ close, io, exit: (code) => exits.push(code), graceMs, target: target as unknown as NodeJS.Process });
  return { target, lines, exits, remove };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('handleShutdownSignals', () => {
  it('closes once and exits 0 when closing succeeds', async () => {
    let closes = 0;
    const h = harness(async () => void closes++);
    h.target.emit('SIGTERM', 'SIGTERM');
    await tick();
    expect(closes).toBe(1);
    expect(h.exits).toEqual([0]);
    expect(h.lines).toEqual(['Received SIGTERM: finishing in-flight requests, then exiting', 'Shut down cleanly']);
  });

  it('exits at once with 1 on a second signal while closing', async () => {
    const h = harness(() => new Promise(() => undefined));
    h.target.emit('SIGTERM', 'SIGTERM');
    h.target.emit('SIGINT', 'SIGINT');
    await tick();
    expect(h.exits).toEqual([1]);
    expect(h.lines[1]).toBe('Received SIGINT again: exiting without waiting');
  });

  it('exits 1 when closing fails or outlasts the grace period', async () => {
    const failing = harness(() => Promise.reject(new Error('pool busy')));
    failing.target.emit('SIGINT', 'SIGINT');
    await tick();
    expect(failing.exits).toEqual([1]);
    expect(failing.lines).toContain('Shutdown failed: pool busy');

    const stuck = harness(() => new Promise(() => undefined), 20);
    stuck.target.emit('SIGTERM', 'SIGTERM');
    await new Promise((r) => setTimeout(r, 60));
    expect(stuck.exits).toEqual([1]);
    expect(stuck.lines).toContain('Shutdown did not finish within 20 ms: exiting');
  });

  it('stops listening when removed', async () => {
    const h = harness(async () => undefined);
    h.remove();
    h.target.emit('SIGTERM', 'SIGTERM');
    await tick();
    expect(h.exits).toEqual([]);
  });
});
