/**
 * One benchmark of S3 input made of many small objects, in its own process so that its peak memory is its own: a
 * local S3-compatible server (s3rver, a development dependency) on loopback holds `objects` song files of the
 * real size; the figures are the listing of the prefix alone, then the whole compaction a Redshift run does before
 * its COPY (list, read with a bounded number ahead, re-write as gzip parts, upload them and the manifest).
 * argv[2]: JSON { objects, dir }. Prints one JSON line.
 */
import { mkdirSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/dwh-cfg.js';
import { compactToS3, planPartBytes } from '../engines/redshift/upload.js';
import { countObjects, S3Source, s3Client } from '../sources/s3.js';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { enableS3rverPaging } from './s3rver-paging.js';

export interface S3SmallFilesResult {
  ok: boolean;
  error?: string;
  objects: number;
  bytes: number;
  listSeconds: number;
  compactSeconds: number;
  objectsPerSecond: number;
  parts: number;
  peakRssMb: number;
}

interface S3rverLike {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}

/** A song file as the classic dataset has them (one record, about 240 bytes). */
function songFile(i: number): string {
  const id = i.toString(36).toUpperCase().padStart(8, '0');
  return JSON.stringify({
    num_songs: 1, artist_id: `AR${id}1187B9`, artist_latitude: null, artist_longitude: null, artist_location: '',
    artist_name: `Artist ${i % 9973}`, song_id: `SO${id}12A8C1`, title: `Song number ${i}`, duration: 100 + (i % 400) + 0.5, year: 1960 + (i % 60),
  });
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as { objects: number; dir: string };
  // The server's folder holds buckets only: the marker and the config file sit beside it.
  const store = join(spec.dir, `s3-${spec.objects}`);
  const marker = `${store}.complete`;
  const fresh = !existsSync(marker);
  if (fresh) {
    rmSync(store, { recursive: true, force: true });
    mkdirSync(store, { recursive: true });
  }
  // Loaded by name: the server is a development dependency, needed by this benchmark only.
  enableS3rverPaging();
  const name = 's3rver';
  const { default: S3rver } = (await import(name)) as { default: new (options: object) => S3rverLike };
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: store, configureBuckets: [{ name: 'lake', configs: [] }, { name: 'staging', configs: [] }] });
  const { port } = await server.run();
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
  const cfg = `${store}.cfg`;
  writeFileSync(cfg, `[S3]\nENDPOINT = http://127.0.0.1:${port}\nFORCE_PATH_STYLE = true\nREGION = us-west-2\n`);
  const config = loadConfig(cfg, { required: true, env: {} });
  const s3 = s3Client(config);
  const input = 's3://lake/song_data/';
  try {
    if (fresh) {
      // Setting up is not measured: 32 uploads at a time, the objects kept for the next run.
      let next = 0;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < spec.objects) {
            const i = next++;
            await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: `song_data/${String(i).padStart(7, '0')}.json`, Body: songFile(i) }));
          }
        }),
      );
      writeFileSync(marker, `${spec.objects}\n`);
    }
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss() / 1024 / 1024)), 50);
    const listStarted = performance.now();
    const listed = await countObjects(input, config);
    const listSeconds = (performance.now() - listStarted) / 1000;
    const started = performance.now();
    const result = await compactToS3({
      source: new S3Source(input, config),
      s3,
      partsUrl: 's3://staging/bench/staging_songs/',
      manifestUrl: 's3://staging/bench/staging_songs.manifest',
      // As a run on a 4-slice cluster plans them.
      partBytes: planPartBytes(listed.bytes, 4),
    });
    const compactSeconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage.rss() / 1024 / 1024);
    const out: S3SmallFilesResult = {
      ok: result.files === spec.objects,
      ...(result.files === spec.objects ? {} : { error: `read ${result.files} of ${spec.objects} objects` }),
      objects: result.files,
      bytes: listed.bytes,
      listSeconds,
      compactSeconds,
      objectsPerSecond: result.files / compactSeconds,
      parts: result.parts.length,
      peakRssMb: peak,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    s3.destroy();
    await server.close();
  }
}

main().catch((error: unknown) => {
  const out: S3SmallFilesResult = { ok: false, error: (error as Error).message, objects: 0, bytes: 0, listSeconds: 0, compactSeconds: 0, objectsPerSecond: 0, parts: 0, peakRssMb: 0 };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exitCode = 1;
});
