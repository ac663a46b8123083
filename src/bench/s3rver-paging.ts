import { createRequire } from 'node:module';

type CipherFactory = (algorithm: string, key: Buffer, iv: Buffer | null, options?: unknown) => unknown;

/**
 * The local S3 server of the tests and the benchmark. s3rver encrypts the continuation tokens of ListObjectsV2 with DES, which OpenSSL 3 (Node 17 and later)
 * keeps in its legacy provider: every listing longer than one page (1,000 keys) then fails with
 * InternalError. The tokens are opaque to clients, so for DES, and only DES, this uses AES with the key and
 * IV widened: the server reads back what it wrote, and listings paginate as they do on S3. Call it before
 * listing; it changes nothing where DES works.
 */
export function enableS3rverPaging(): void {
  const crypto = createRequire(import.meta.url)('node:crypto') as Record<string, CipherFactory> & { createCipheriv: CipherFactory };
  try {
    crypto.createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return;
  } catch {
    // DES is not available: substitute it below
  }
  const widen = (bytes: Buffer): Buffer => Buffer.concat([bytes, bytes]).subarray(0, 16);
  for (const name of ['createCipheriv', 'createDecipheriv']) {
    const original = crypto[name]!;
    crypto[name] = (algorithm, key, iv, options) =>
      algorithm === 'des' && iv ? original('aes-128-cbc', widen(key), widen(iv), options) : original(algorithm, key, iv, options);
  }
}
