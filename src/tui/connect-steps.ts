import { engineOf } from '../engines/registry.js';
import { WarehouseError } from '../errors.js';
import { lastRunView, type LastRunView } from '../etl/run-status.js';
import type { Step } from '../etl/steps.js';
import type { Workspace } from './workspace.js';

/**
 * Connecting, as pipeline steps, so the connect screen shows it with the same step list, timings and error
 * handling as the ETL. Unlike the ETL's own connect step, these keep the connection open in the workspace.
 */
export function connectSteps(
  workspace: Workspace,
  onCounts: (counts: Record<string, number | null>) => void,
  onLastRun: (view: LastRunView) => void = () => undefined,
  onLogin: (problem: 'missing' | 'wrong') => void = () => undefined,
): Step[] {
  const creating = workspace.willCreateDatabase();
  return [
    {
      id: 'open',
      title: creating ? 'Create the embedded database (first run)' : engineOf(workspace.config.engine).connectTitle,
      async run() {
        const { warehouse, info } = await workspace.open().catch((error: unknown) => {
          if (error instanceof WarehouseError && error.password) onLogin(error.password);
          throw error;
        });
        const version = (await warehouse.version()).split(/[\s,]/).slice(0, 2).join(' ');
        return { rows: 0, detail: info.created ? `created, ${version}` : version };
      },
      plan: () => [],
    },
    {
      id: 'count',
      title: 'Count the rows of every table',
      async run() {
        const counts = await workspace.counts();
        onLastRun(await lastRunView(workspace.warehouse!, counts));
        onCounts(counts);
        const present = Object.values(counts).filter((n) => n !== null).length;
        return { rows: 0, detail: `${present} of ${Object.keys(counts).length} tables exist` };
      },
      plan: () => [],
    },
  ];
}
