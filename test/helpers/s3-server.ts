import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import S3rver from 's3rver';
import { tempDir } from './paths.js';

/**
 * A real S3-compatible HTTP server on loopback (s3rver, files on disk), for tests that read and write
 * through @aws-sdk/client-s3 exactly as against AWS. Credentials are dummies the server accepts.
 */
export interface LocalS3 {
  endpoint: string;
  client: S3Client;
  /** Uploads every file under a local folder to s3://bucket/prefix/<relative path>. Returns the count. */
  uploadFolder(folder: string, bucket: string, prefix: string): Promise<number>;
  put(bucket: string, key: string, body: string | Buffer): Promise<void>;
  close(): Promise<void>;
}

export const TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startLocalS3(buckets: string[]): Promise<LocalS3> {
  const store = tempDir('sparkify-s3-');
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: store.dir,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  // The SDK's default credential chain reads these in code under test as well.
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  const client = new S3Client({ region: 'us-west-2', endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
  const put = async (bucket: string, key: string, body: string | Buffer): Promise<void> => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  };
  return {
    endpoint,
    client,
    put,
    async uploadFolder(folder, bucket, prefix) {
      const files: string[] = [];
      const walk = (dir: string): void => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else files.push(path);
        }
      };
      walk(folder);
      // Bounded concurrency: thousands of small objects upload in seconds without exhausting sockets.
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < files.length) {
          const path = files[next++]!;
          await put(bucket, `${prefix.replace(/\/$/, '')}/${relative(folder, path)}`, readFileSync(path));
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      return files.length;
    },
    async close() {
      client.destroy();
      await server.close();
      store.cleanup();
    },
  };
}
