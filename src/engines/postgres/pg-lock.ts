/**
 * The PostgreSQL engine's writer lock: a session-level advisory lock keyed by the schema the tables live in, so two
 * runs on one schema take turns while runs on different schemas (or databases) do not wait for each other. The
 * server releases it when the session ends, however it ends: a killed run never leaves it behind. Readers take no
 * lock: they keep reading the last committed tables.
 */
import { InUseError } from '../../errors.js';
import { ADVISORY_CLASS, ADVISORY_KEY, ADVISORY_SCHEMA } from '../../sql/dialect.js';
import { SPARKIFY_RUNS } from '../../sql/tables.js';
import { describeHolder } from '../../warehouse/holder.js';
import type { LockOptions, Queryable, WriterLock } from '../../warehouse/warehouse.js';

const RETRY_MS = 250;

export async function advisoryLock(connection: Queryable, target: string, options: LockOptions): Promise<WriterLock> {
  const deadline = Date.now() + Math.max(0, options.wait ?? 0) * 1000;
  let told = false;
  for (;;) {
    const row = (await connection.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${ADVISORY_KEY}) AS ok`)).rows[0];
    if (row?.ok) {
      let held = true;
      return {
        release: async () => {
          if (!held) return;
          held = false;
          await connection.query(`SELECT pg_advisory_unlock(${ADVISORY_KEY})`).catch(() => undefined);
        },
      };
    }
    const who = (await advisoryHolder(connection)) ?? 'another session';
    if (Date.now() >= deadline || options.signal?.aborted) {
      const schema = (await connection.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s;
      throw new InUseError(who, `schema ${schema ?? '?'} of ${target}`);
    }
    if (!told) options.onWait?.(who);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

/**
 * Who holds the lock, other than this session: the run's ledger row when it has one (command, process, machine,
 * since), else what pg_stat_activity says of the session.
 */
export async function advisoryHolder(connection: Queryable): Promise<string | undefined> {
  const holder = (
    await connection.query<{ pid: unknown; app: string | null; since: Date | null }>(
      `SELECT l.pid, a.application_name AS app, a.backend_start AS since
FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
  AND l.classid = CAST(${ADVISORY_CLASS} AS oid) AND l.objid = CAST(${ADVISORY_SCHEMA} AS oid) AND l.pid <> pg_backend_pid()
LIMIT 1`,
    )
  ).rows[0];
  if (!holder) return undefined;
  const backend = Number(holder.pid);
  const ledger = await connection
    .query<{ command: string; pid: unknown; host: string; started: Date }>(
      `SELECT command, pid, host, started FROM ${SPARKIFY_RUNS.name} WHERE status = 'running' AND backend_pid = $1 ORDER BY run_id DESC LIMIT 1`,
      [backend],
    )
    .then((r) => r.rows[0])
    .catch(() => undefined);
  if (ledger) {
    return describeHolder({ command: ledger.command, pid: Number(ledger.pid), host: ledger.host, since: new Date(ledger.started).toISOString() }, `server backend ${backend}`);
  }
  const since = holder.since ? `, connected since ${new Date(holder.since).toISOString().slice(0, 19).replace('T', ' ')} UTC` : '';
  return `${holder.app || 'a session'} (server backend ${backend}${since})`;
}
