import type { Command } from 'commander';
import type { Setting } from '../../config/settings.js';
import type { Handler } from '../context.js';

/**
 * `sparkify config`: the effective value of every setting and where it came from (file:line, environment, flag,
 * default), like `git config --show-origin`; secrets are never shown (a URL keeps its user, not its password).
 * Unknown sections and keys are said on stderr (errors with --strict or CI). `--doc` prints the settings table
 * as Markdown, as the README has it.
 */
export function register(program: Command, action: Handler): void {
  program
    .command('config')
    .description('show every setting’s effective value and where it came from (secrets hidden)')
    .option('--doc', 'print the table of all settings as Markdown (as in the README)')
    .option('--song-data <path>', 'as etl takes it: show what etl would use')
    .option('--log-data <path>', 'as etl takes it')
    .option('--log-jsonpath <path>', 'as etl takes it')
    .option('--max-errors <n>', 'as etl takes it')
    .action(
      action(async (ctx, flags: { doc?: boolean; songData?: string; logData?: string; logJsonpath?: string; maxErrors?: string }) => {
        const { settingsMarkdown, allowedText } = await import('../../config/settings-doc.js');
        if (flags.doc) {
          ctx.io.out(`${settingsMarkdown()}\n`);
          return 0;
        }
        const config = ctx.config({ songData: flags.songData, logData: flags.logData, logJsonPath: flags.logJsonpath, maxErrors: flags.maxErrors });
        const { shownValue } = await import('../../config/settings.js');
        const { shownPath } = await import('../../config/shown-path.js');
        const rows = config.settings.all().map((s) => ({
          setting: `[${s.section}] ${s.key}`,
          value: s.text === undefined ? null : shownValue(s),
          origin: originLabel(s),
          secret: s.spec.secret === true,
          allowed: allowedText(s.spec),
        }));
        if (ctx.globals.json) {
          const file = { path: config.path, exists: config.exists };
          ctx.io.out(`${JSON.stringify({ file, engine: config.engine, settings: rows, warnings: config.warnings }, null, 2)}\n`);
          return 0;
        }
        const width = (key: 'setting' | 'value') => Math.max(...rows.map((r) => (r[key] ?? '-').length));
        const [w1, w2] = [width('setting'), Math.min(width('value'), 60)];
        const lines = rows.map((r) => `${r.setting.padEnd(w1)}  ${(r.value ?? '-').padEnd(w2)}  ${r.origin}`);
        const head = `# ${shownPath(config.path)}${config.exists ? '' : ' (not found: defaults apply)'}`;
        ctx.io.out(`${head}\n${lines.join('\n')}\n`);
        return 0;
      }),
    );
}

/** `dwh.cfg:7` (or `dwh.cfg:15 [CLUSTER] DB_NAME` for a fallback's value), `environment X`, `--flag`, `default`, `not set`. */
function originLabel({ origin, section, key }: Setting): string {
  switch (origin.kind) {
    case 'file': {
      const at = `${origin.file}:${origin.line}`;
      return origin.section === section && origin.key === key ? at : `${at} [${origin.section}] ${origin.key}`;
    }
    case 'env':
      return `environment ${origin.name}`;
    case 'flag':
      return origin.name;
    case 'default':
      return 'default';
    case 'unset':
      return 'not set';
  }
}
