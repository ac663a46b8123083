import { expect, it } from 'vitest';
import { CsvBuffer } from '../../src/etl/csv-buffer.js';

it('cuts chunks only between lines, keeps multi-byte text whole, and takes a line longer than a chunk', () => {
  const buffer = new CsvBuffer(32);
  const lines = ['"a",1\n', '"é😀",2\n', `"${'x'.repeat(40)}",3\n`, '"b",4\n', '"ü",5\n'];
  const chunks: Uint8Array[] = [];
  for (const line of lines) {
    const full = buffer.add(line);
    if (full) chunks.push(full);
  }
  chunks.push(buffer.take()!);
  expect(buffer.take()).toBeUndefined();
  const texts = chunks.map((c) => Buffer.from(c).toString('utf8'));
  expect(texts.join('')).toBe(lines.join(''));
  expect(texts.every((t) => t.endsWith('\n'))).toBe(true);
  expect(texts.some((t) => t.endsWith(lines[2]!) && Buffer.byteLength(t) > 32)).toBe(true);
  expect(buffer.rows).toBe(5);
  // Every chunk owns exactly its bytes, so it can be moved to another thread.
  expect(chunks.every((c) => c.byteOffset === 0 && c.byteLength === c.buffer.byteLength)).toBe(true);
});
