import { engineOf } from '../engines/registry.js';
import { loadConfig, type DwhConfig } from '../config/dwh-cfg.js';
import { listInputs, surveyInputs, type InputSurvey } from '../etl/input-survey.js';
import { hasLedger } from '../etl/run-ledger.js';
import { tableCounts } from '../etl/steps.js';
import { ALL_TABLES } from '../sql/tables.js';
import { thisProcess } from '../warehouse/holder.js';
import { describeTarget, openWarehouse } from '../warehouse/open.js';
import type { OpenInfo, Warehouse } from '../warehouse/warehouse.js';
import type { Profile } from './store.js';

/** Which input paths the session uses instead of dwh.cfg's (after generating a sample elsewhere). */
export interface InputOverrides {
  songData: string;
  logData: string;
  logJsonPath: string;
}

/**
 * The settings and the one open connection the screens share. Screens never open their own: the embedded
 * engine allows one connection per database folder, and opening costs from 0.4 s to several seconds.
 */
export class Workspace {
  private connection?: Warehouse;
  private opening?: Promise<OpenInfo>;
  private password?: string;
  private inputs?: InputOverrides;

  constructor(
    public config: DwhConfig,
    readonly profile: Profile,
  ) {}

  /** Reads the profile's dwh.cfg with its overrides; throws a ConfigError naming the bad setting. */
  static fromProfile(profile: Profile, cwd = process.cwd()): Workspace {
    const config = loadConfig(profile.config ?? 'dwh.cfg', {
      required: profile.config !== undefined,
      cwd,
      // The app is for people: unknown settings are shown on the connect screen, never a reason to refuse.
      strict: false,
      overrides: { engine: profile.engine, dataDir: profile.dataDir, url: profile.url },
    });
    return new Workspace(config, profile);
  }

  get target(): string {
    return describeTarget(this.config);
  }

  get warehouse(): Warehouse | undefined {
    return this.connection;
  }

  /** True when opening will first have to create an embedded database (seconds rather than a blink). */
  willCreateDatabase(): boolean {
    return engineOf(this.config.engine).willCreate(this.config);
  }

  /** Opens the connection once; later calls share it. */
  async open(): Promise<{ warehouse: Warehouse; info: OpenInfo }> {
    if (this.connection) return { warehouse: this.connection, info: { created: false, seconds: 0 } };
    // The embedded database is this process's while the app runs: other commands are told the app has it.
    this.opening ??= openWarehouse(this.config, { holder: thisProcess('app') }).then(({ warehouse, info }) => {
      this.connection = warehouse;
      return info;
    });
    try {
      const info = await this.opening;
      return { warehouse: this.connection!, info };
    } finally {
      this.opening = undefined;
    }
  }

  /** Rows per table; null for a table that does not exist yet. */
  async counts(): Promise<Record<string, number | null>> {
    const { warehouse } = await this.open();
    return tableCounts(warehouse, ALL_TABLES);
  }

  /** What an incremental run would load now: the inputs listed against the ledger (nothing is written). */
  async surveyInputs(): Promise<InputSurvey> {
    const { warehouse } = await this.open();
    const listed = await listInputs({ ...this.config, etlMode: 'incremental' }, () => undefined);
    if (!(await hasLedger(warehouse))) {
      return { newEvents: listed.events ?? [], newSongs: listed.songs ?? [], problems: [], fullBecause: 'no earlier load to add to: the first run loads every file' };
    }
    return surveyInputs(warehouse, listed);
  }

  /**
   * The password typed for this target: used instead of the configured one from the next connection on, held in
   * this object only (never written to dwh.cfg, the profiles or the history).
   */
  get typedPassword(): string | undefined {
    return this.password;
  }

  usePassword(password: string): void {
    this.password = password;
    this.config = { ...this.config, cluster: { ...this.config.cluster, dbPassword: password } };
  }

  /** Where a sample generated in this session went, when dwh.cfg does not name it (kept by `r`). */
  get inputOverrides(): InputOverrides | undefined {
    return this.inputs;
  }

  useInputs(inputs: InputOverrides): void {
    this.inputs = inputs;
    this.config = { ...this.config, s3: { ...this.config.s3, ...inputs } };
  }

  /** Closes the connection; one still opening is closed once it is open (else its worker would linger). */
  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
  }
}
