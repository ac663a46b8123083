/**
 * The PGlite worker. PGlite runs PostgreSQL synchronously on the thread that calls it, so it lives here, off
 * the caller's thread: spinners, key presses and Ctrl+C keep working while a heavy statement runs.
 * Requests are handled strictly one after another, in arrival order.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { ownerOnlyFiles } from './owner-only-files.js';
import { errorText } from '../../errors.js';
import { readTemplate, saveTemplate, templateFile } from './pglite-template.js';
import { parseDateUtc, parseTimestampUtc, utcParam } from '../../warehouse/utc-time.js';
import type { WorkerData, WorkerFailure, WorkerReady, WorkerRequest, WorkerResponse } from './embedded-protocol.js';

const port = parentPort;
if (!port) throw new Error('embedded-worker must run in a worker thread');
ownerOnlyFiles();
const { dataDir } = workerData as WorkerData;
const TIMESTAMP_OID = 1114;
const DATE_OID = 1082;


function failure(error: unknown): WorkerFailure {
  const e = error as { message?: string; code?: string; detail?: string; hint?: string; position?: string; statement?: number };
  return {
    statement: e?.statement,
    message: errorText(error),
    code: e?.code,
    detail: e?.detail,
    hint: e?.hint,
    position: e?.position,
  };
}

async function open(): Promise<PGlite> {
  const started = performance.now();
  const created = !existsSync(join(dataDir, 'PG_VERSION'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const template = created ? templateFile() : undefined;
  const loadDataDir = readTemplate(template);
  // relaxedDurability: a local analytics copy can trade fsync waits for speed; a crash loses at most the
  // last transaction, never consistency.
  const db = await PGlite.create(dataDir, {
    ...(loadDataDir ? { loadDataDir } : {}),
    relaxedDurability: true,
    // The warehouse stores UTC in TIMESTAMP columns; read them as UTC whatever the process time zone.
    parsers: { [TIMESTAMP_OID]: parseTimestampUtc, [DATE_OID]: parseDateUtc },
  });
  // Saved before anything is written, so the template is an empty database.
  if (created && !loadDataDir) await saveTemplate(db, template);
  await db.exec("SET TIME ZONE 'UTC'");
  const version = (await db.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v ?? 'unknown';
  const seconds = (performance.now() - started) / 1000;
  const ready: WorkerReady = { id: 0, ready: true, created, fromTemplate: loadDataDir !== undefined, seconds, version };
  port!.postMessage(ready);
  return db;
}

async function handle(db: PGlite, request: WorkerRequest): Promise<WorkerResponse> {
  switch (request.kind) {
    case 'query': {
      const result = await db.query(request.sql, request.params.map(utcParam), { rowMode: 'object' });
      return {
        id: request.id,
        ok: true,
        rows: result.rows as Record<string, unknown>[],
        fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
        rowCount: result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0),
      };
    }
    case 'transaction': {
      const counts = await db.transaction(async (tx) => {
        const out: number[] = [];
        for (const [index, sql] of request.statements.entries()) {
          try {
            const results = await tx.exec(sql);
            out.push(results.reduce((n, r) => n + (r.affectedRows ?? 0), 0));
          } catch (error) {
            // Say which statement failed, so the error quotes it rather than the whole transaction.
            throw Object.assign(error as object, { statement: index });
          }
        }
        return out;
      });
      return { id: request.id, ok: true, counts };
    }
    case 'copy-begin':
      await db.exec('BEGIN');
      if (request.replace) await db.exec(`TRUNCATE ${request.table}`);
      return { id: request.id, ok: true };
    case 'copy-chunk': {
      const result = await db.query(request.sql, [], { blob: new Blob([request.csv]) });
      return { id: request.id, ok: true, rowCount: result.affectedRows ?? 0 };
    }
    case 'copy-end':
      await db.exec(request.commit ? 'COMMIT' : 'ROLLBACK');
      return { id: request.id, ok: true };
    case 'close':
      await db.close();
      return { id: request.id, ok: true };
  }
}

async function main(): Promise<void> {
  let db: PGlite;
  try {
    db = await open();
  } catch (error) {
    const notReady: WorkerReady = { id: 0, ready: false, error: failure(error) };
    port!.postMessage(notReady);
    return;
  }
  let queue: Promise<void> = Promise.resolve();
  port!.on('message', (request: WorkerRequest) => {
    queue = queue.then(async () => {
      let response: WorkerResponse;
      try {
        response = await handle(db, request);
      } catch (error) {
        response = { id: request.id, ok: false, error: failure(error) };
      }
      port!.postMessage(response);
      if (request.kind === 'close' && response.ok) port!.close();
    });
  });
}

void main();
