import { hostname } from 'node:os';
import type { Holder } from './warehouse.js';

/** This process, running `command`. */
export function thisProcess(command: string): Holder {
  return { command, pid: process.pid, host: hostname(), since: new Date().toISOString() };
}

/** `sparkify etl (PID 4242 on host, since 2026-12-01 20:01:02 UTC)`. */
export function describeHolder(holder: Partial<Holder>, extra?: string): string {
  const who = holder.command ? `sparkify ${holder.command}` : 'another sparkify process';
  const where = [holder.pid ? `PID ${holder.pid}` : undefined, holder.host ? `on ${holder.host}` : undefined].filter(Boolean).join(' ');
  const since = holder.since ? `since ${utcText(holder.since)}` : undefined;
  const details = [where, since, extra].filter(Boolean).join(', ');
  return details ? `${who} (${details})` : who;
}

/** An instant as `2026-12-01 20:01:02 UTC`. */
export function utcText(instant: string | Date): string {
  const date = instant instanceof Date ? instant : new Date(instant);
  return Number.isNaN(date.getTime()) ? String(instant) : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** True while a process with this id runs on this machine (as any user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
