import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { mappingFromOption } from '../../src/etl/json-mapping.js';
import { loadJson } from '../../src/etl/load-json.js';
import { LocalSource } from '../../src/sources/local.js';
import { JsonRecordSplitter, type ParsedRecord } from '../../src/sources/json-records.js';
import { ensureAllSql } from '../../src/sql/ddl.js';
import { postgresDialect } from '../../src/sql/dialect.js';
import { STAGING_EVENTS } from '../../src/sql/tables.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';
import { HAS_SHARED, SAMPLE, tempDir } from '../helpers/paths.js';

/** Log lines of the real sample (its first day file), or lines in the same format where the sample is absent. */
function baseLines(): string[] {
  if (HAS_SHARED) {
    const dir = join(SAMPLE, 'log_data', '2018', '11');
    const first = readdirSync(dir).sort()[0]!;
    return readFileSync(join(dir, first), 'utf8').split('\n').filter((l) => l.trim() !== '').slice(0, 40);
  }
  return Array.from({ length: 40 }, (_, i) =>
    JSON.stringify({ artist: i % 3 ? `Artist "${i}"` : null, auth: 'Logged In', itemInSession: i, length: 200.5 + i, page: i % 4 ? 'NextSong' : 'Home', ts: 1541105830796 + i, userId: String(i % 7) }),
  );
}

type Mutation =
  | { kind: 'truncate'; at: number; keep: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'flip'; at: number; pos: number; char: string };

const CHARS = ['{', '}', '[', ']', '"', '\\', ',', ':', ' ', '\n', 'x', '0', '\t', '\r'];
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), keep: fc.double({ min: 0, max: 1, noNaN: true }) }).map((m) => ({ ...m, keep: Math.floor(m.keep * 1000) })),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('{', '{"a":', '"open', ']', '[1,2]', '42', '{"a":1}', '{"a": {"b": [1, 2', '  {', '}')),
  }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), pos: fc.nat(), char: fc.constantFrom(...CHARS) }),
);

/** The mutated file as lines, each marked intact when it is an original line left untouched. */
function mutate(lines: string[], mutations: Mutation[]): { text: string; intact: Map<number, string> } {
  let entries = lines.map((text) => ({ text, intact: true }));
  for (const m of mutations) {
    const i = m.at % (entries.length + (m.kind === 'insert' ? 1 : 0));
    if (m.kind === 'insert') entries.splice(i, 0, { text: m.text, intact: false });
    else if (entries.length > 0) {
      const e = entries[i]!;
      if (m.kind === 'truncate') entries[i] = { text: e.text.slice(0, m.keep % (e.text.length + 1)), intact: false };
      else {
        const p = m.pos % Math.max(1, e.text.length);
        entries[i] = { text: e.text.slice(0, p) + m.char + e.text.slice(p + 1), intact: false };
      }
    }
    // An inserted or flipped line break makes lines of its own.
    entries = entries.flatMap((e) => (e.text.includes('\n') ? e.text.split('\n').map((text) => ({ text, intact: false })) : [e]));
  }
  const intact = new Map<number, string>();
  entries.forEach((e, n) => e.intact && intact.set(n + 1, e.text));
  return { text: entries.map((e) => e.text).join('\n'), intact };
}

function split(text: string, piece: number): ParsedRecord[] {
  const splitter = new JsonRecordSplitter('f.json');
  const out: ParsedRecord[] = [];
  for (let i = 0; i < text.length; i += piece) splitter.push(text.slice(i, i + piece), out);
  return splitter.end(out);
}

describe('JSON record splitter, property: every line staged or reported, once', () => {
  it('for random truncations, insertions and flips of the sample log lines', () => {
    const lines = baseLines();
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 8 }), fc.integer({ min: 1, max: 4096 }), (mutations, piece) => {
        const { text, intact } = mutate(lines, mutations);
        const records = split(text, piece);
        if (records.some((r) => r.error !== undefined && r.fatal)) {
          // A file whose first value is an array or a scalar fails as a whole: nothing of it is staged.
          expect(records.filter((r) => r.error !== undefined && r.fatal)).toHaveLength(1);
          return;
        }
        const owner = new Map<number, number>();
        records.forEach((r, index) => {
          for (let l = r.line; l < r.line + r.lines; l++) {
            // Never both: no line belongs to two records (staged or rejected).
            expect(owner.has(l)).toBe(false);
            owner.set(l, index);
          }
        });
        // Never neither: every line that holds anything belongs to one.
        text.split('\n').forEach((l, i) => {
          if (l.trim() !== '') expect(owner.has(i + 1)).toBe(true);
        });
        // Nothing lost: every original line left intact is staged as it was.
        for (const [line, original] of intact) {
          const record = records[owner.get(line)!]!;
          expect(record).toMatchObject({ line, lines: 1, value: JSON.parse(original) as object });
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('the staging load, property: read = staged + rejected, nothing lost', () => {
  const engine = enginesUnderTest()[0]!;
  const t = tempDir('sparkify-property-');
  afterAll(async () => {
    await engine.cleanup();
    t.cleanup();
  });

  it('for random byte flips (invalid UTF-8 too), truncations and insertions, with --max-errors large enough', async () => {
    const lines = baseLines();
    const warehouse = await openFor(engine.config());
    try {
      await warehouse.transaction(ensureAllSql(postgresDialect, [STAGING_EVENTS]));
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { maxLength: 6 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }), async (mutations, bytes) => {
          const { text, intact } = mutate(lines, mutations);
          const raw = Buffer.from(text, 'utf8');
          const original = Buffer.from(raw);
          // Byte flips after the text's own: any byte, so bytes that are not UTF-8 come in too.
          const flipped = new Set<number>();
          // A flipped line break joins its line to the next: both are touched.
          const joined = new Set<number>();
          for (const [at, value] of bytes) {
            if (raw.length === 0) break;
            if (raw[at % raw.length] === 0x0a && value !== 0x0a) joined.add(at % raw.length);
            raw[at % raw.length] = value;
            flipped.add(at % raw.length);
          }
          const file = join(t.dir, `f${++n}.json`);
          writeFileSync(file, raw);
          const result: Awaited<ReturnType<typeof loadJson>> | Error = await loadJson({ warehouse, table: STAGING_EVENTS, source: new LocalSource(file), mapping: mappingFromOption('auto ignorecase')!, maxErrors: 1_000_000 }).catch((e: unknown) => e as Error);
          if (result instanceof Error) {
            // Only a file that is not JSON objects fails a load this tolerant.
            expect(result.message).toMatch(/not JSON objects/);
            return;
          }
          expect(result.rows + result.rejected.length).toBe(result.read);
          // Every original line untouched by the text and the byte flips is among the staged rows.
          // Lines as the text had them before the flips (a flip may add or remove a line break).
          const lineOf = (offset: number): number => original.subarray(0, offset).toString('latin1').split('\n').length;
          const touched = new Set([...[...flipped].map(lineOf), ...[...joined].map((offset) => lineOf(offset) + 1)]);
          const kept = [...intact.keys()].filter((l) => !touched.has(l)).length;
          expect(result.rows).toBeGreaterThanOrEqual(kept);
          const staged = await warehouse.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM staging_events');
          expect(Number(staged.rows[0]!.n)).toBe(result.rows);
        }),
        { numRuns: 25 },
      );
    } finally {
      await warehouse.close();
    }
  });
});
