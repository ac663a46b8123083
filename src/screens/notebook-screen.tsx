import { Box, Text } from 'ink';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ScreenFrame } from '../components/screen-frame.js';
import { SelectList } from '../components/select-list.js';
import { SpinnerLine } from '../components/spinner-line.js';
import { describeError } from '../errors.js';
import { notebookValues, OUTPUT_END, OUTPUT_START, parseNotebook, runCell, runNotebook, type Notebook } from '../queries/notebook.js';
import { writeOutputText } from '../queries/output-file.js';
import { clip, shortPath } from '../tui/format.js';
import { footerKeys, helpKeys } from '../tui/key-table.js';
import { useAppContext } from '../tui/navigation.js';
import { useTheme } from '../tui/theme.js';
import { useKeyTable, useScreenState } from '../tui/use-screen-state.js';
import { useTerminalSize } from '../tui/use-terminal-size.js';
import { initialNotebookState, NOTEBOOK_KEYS, notebookReducer, type NotebookAction, type NotebookEffect } from './notebook-state.js';

const ABOUT =
  'Notebooks are Markdown files next to dwh.cfg whose ```sql blocks are cells. enter runs the chosen cell and ' +
  'shows its result; a runs them all and writes each result under its block, as `sparkify notebook run` does ' +
  '(the prose is left as it is). `sparkify notebook new FILE` writes a starter.';

/** Cells listed at once; the list scrolls with the choice. */
const CELL_LINES = 6;

/** The indexes of a window of `size` rows of `count` that keeps `at` in view. */
function windowOf(count: number, at: number, size: number): number[] {
  const first = Math.max(0, Math.min(at - Math.floor(size / 2), count - size));
  return Array.from({ length: Math.min(size, count) }, (_, i) => first + i);
}

/** A cell by the heading above it (the prose names it), else by its first line of SQL. */
function cellLabel(notebook: Notebook, index: number): string {
  const cell = notebook.cells[index]!;
  const since = index === 0 ? 0 : notebook.cells[index - 1]!.fence.to;
  for (let i = cell.fence.from - 1; i >= since; i--) {
    const heading = /^#{1,6}\s+(.*)$/.exec(notebook.lines[i] ?? '');
    if (heading) return heading[1]!.trim();
  }
  return cell.sql.split('\n')[0] ?? '';
}

/** Markdown files in `dir` that hold at least one ```sql cell. */
function notebooksIn(dir: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.md')).sort();
  } catch {
    return [];
  }
  return names.map((n) => join(dir, n)).filter((file) => {
    try {
      return /^```sql\b/im.test(readFileSync(file, 'utf8'));
    } catch {
      return false;
    }
  });
}

/** The outputs a notebook's file already holds, by the line of each cell's fence. */
function writtenOutputs(notebook: Notebook): Record<number, string[]> {
  const outputs: Record<number, string[]> = {};
  for (const cell of notebook.cells) {
    if (!cell.output) continue;
    const lines = notebook.lines.slice(cell.output.from, cell.output.to);
    outputs[cell.line] = lines.filter((l, i) => !(i === 0 && l === '') && l !== OUTPUT_START && l !== OUTPUT_END);
  }
  return outputs;
}

export function NotebookScreen() {
  const app = useAppContext();
  const { workspace } = app;
  const theme = useTheme();
  const { columns, rows } = useTerminalSize();
  const dir = dirname(workspace.config.path);

  const open = (file: string, send: (a: NotebookAction) => void): void => {
    try {
      const notebook = parseNotebook(file, readFileSync(file, 'utf8'));
      send({ type: 'opened', notebook, outputs: writtenOutputs(notebook) });
    } catch (error) {
      const { title, message } = describeError(error);
      send({ type: 'problem', text: `✗ ${title}: ${message}` });
    }
  };
  const run = (effect: NotebookEffect, send: (a: NotebookAction) => void, state: { notebook?: Notebook }): void => {
    switch (effect.type) {
      case 'list':
        send({ type: 'files', files: notebooksIn(dir) });
        return;
      case 'open':
        open(effect.file, send);
        return;
      case 'run-cell': {
        const notebook = state.notebook!;
        const cell = notebook.cells[effect.cell]!;
        void (async () => {
          try {
            const { warehouse } = await workspace.open();
            const { outcome, lines } = await runCell(warehouse, notebook, cell, notebookValues(notebook));
            send({ type: 'cell-done', tag: effect.tag, line: cell.line, ok: outcome.ok, lines, summary: outcome.ok ? `✓ ${outcome.rows} row(s) in ${outcome.seconds.toFixed(2)} s` : `✗ ${outcome.message}` });
          } catch (error) {
            const { title, message } = describeError(error);
            send({ type: 'cell-done', tag: effect.tag, line: cell.line, ok: false, lines: [], summary: `✗ ${title}: ${message}` });
          }
        })();
        return;
      }
      case 'run-all': {
        const notebook = state.notebook!;
        void (async () => {
          try {
            const { warehouse } = await workspace.open();
            const result = await runNotebook(warehouse, notebook);
            await writeOutputText(notebook.file, result.text);
            open(notebook.file, send);
            const failed = result.failed > 0 ? `, ${result.failed} failed` : '';
            send({ type: 'all-done', tag: effect.tag, ok: result.failed === 0, summary: `${result.failed > 0 ? '✗' : '✓'} ran ${result.cells.length} cell(s)${failed}; wrote ${shortPath(notebook.file)}` });
          } catch (error) {
            const { title, message } = describeError(error);
            send({ type: 'all-done', tag: effect.tag, ok: false, summary: `✗ ${title}: ${message}` });
          }
        })();
        return;
      }
    }
  };
  const [s, dispatch] = useScreenState(notebookReducer, () => initialNotebookState, run);
  useKeyTable(NOTEBOOK_KEYS, s, dispatch, { onBack: s.phase === 'pick' ? undefined : () => undefined });

  const notebook = s.notebook;
  const cell = notebook?.cells[s.cell];
  const output = cell ? s.outputs[cell.line] : undefined;
  const room = Math.max(3, rows - 9 - Math.min(notebook?.cells.length ?? 0, CELL_LINES));
  return (
    <ScreenFrame title="Notebook" subtitle={notebook ? shortPath(notebook.file) : workspace.target} keys={footerKeys(NOTEBOOK_KEYS, s)} help={helpKeys(NOTEBOOK_KEYS, s)} about={ABOUT} backHint={s.phase === 'pick' ? undefined : null}>
      {s.phase === 'pick' ? (
        s.files.length === 0 ? (
          <Text wrap="truncate-end">{`No notebook in ${shortPath(dir)} yet: sparkify notebook new ${join(shortPath(dir), 'notebook.md')} writes one.`}</Text>
        ) : (
          <>
            <Text bold>Notebooks</Text>
            <SelectList items={s.files.map((f) => ({ id: f, label: basename(f) }))} selected={s.file} />
          </>
        )
      ) : notebook ? (
        <>
          <Text bold>{`${notebook.cells.length} cell(s)`}</Text>
          {windowOf(notebook.cells.length, s.cell, CELL_LINES).map((i) => {
            const c = notebook.cells[i]!;
            const mark = s.outputs[c.line] ? (s.outputs[c.line]![0]?.startsWith('> ✗') ? '✗ ' : '✓ ') : '  ';
            return (
              <Text key={c.line} wrap="truncate-end" color={i === s.cell ? theme.accent : undefined} bold={i === s.cell}>
                {`${i === s.cell ? '›' : ' '} line ${String(c.line).padEnd(5)}${mark}${clip(cellLabel(notebook, i), columns - 16)}`}
              </Text>
            );
          })}
          <Box flexDirection="column" marginTop={1}>
            {s.running !== undefined ? <SpinnerLine>Running…</SpinnerLine> : null}
            {(output ?? (cell ? ['(not run yet: enter runs it)'] : [])).slice(0, room).map((line, i) => (
              <Text key={i} wrap="truncate-end" dimColor={output === undefined}>
                {line === '' ? ' ' : line}
              </Text>
            ))}
          </Box>
        </>
      ) : null}
      {s.message ? <Text color={s.message.ok ? theme.ok : theme.bad} wrap="truncate-end">{s.message.text}</Text> : null}
    </ScreenFrame>
  );
}
