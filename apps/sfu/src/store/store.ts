import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { AuditStore } from './auditStore.js';
import { BanStore } from './banStore.js';
import { openPostgres } from './backends/postgres.js';
import { openSqlite } from './backends/sqlite.js';
import { ChatStore } from './chatStore.js';
import { CredentialStore } from './credentialStore.js';
import { OutboxStore } from './outboxStore.js';
import { RecordingStore } from './recordingStore.js';
import { RoomStore } from './roomStore.js';
import type { Dialect, StoreDb } from './schema.js';

/**
 * The database, one repository per table group. One interface, two backends: SQLite (the embedded default, one
 * node) and PostgreSQL (`store.databaseUrl`, shared by every node of a cluster). The same code and the same test
 * suite run on both.
 */
export class Store {
  readonly rooms: RoomStore;
  readonly chat: ChatStore;
  readonly audit: AuditStore;
  readonly credentials: CredentialStore;
  readonly bans: BanStore;
  readonly outbox: OutboxStore;
  readonly recordings: RecordingStore;
  readonly #db: StoreDb;

  private constructor(db: StoreDb) {
    this.#db = db;
    this.rooms = new RoomStore(db);
    this.chat = new ChatStore(db);
    this.audit = new AuditStore(db);
    this.credentials = new CredentialStore(db);
    this.bans = new BanStore(db);
    this.outbox = new OutboxStore(db);
    this.recordings = new RecordingStore(db);
  }

  /** SQLite at `path` (`:memory:` in unit tests). */
  static sqlite(path: string, log?: Logger): Store {
    return new Store(openSqlite(path, log));
  }

  /** PostgreSQL at `url` (`postgres://user:password@host:port/database`). */
  static async postgres(url: string, log?: Logger): Promise<Store> {
    return new Store(await openPostgres(url, log));
  }

  /** The backend the configuration names: PostgreSQL when `store.databaseUrl` is set, else SQLite. */
  static open(config: Config['store'], log?: Logger): Promise<Store> {
    return config.databaseUrl === undefined
      ? Promise.resolve(Store.sqlite(config.path, log))
      : Store.postgres(config.databaseUrl, log);
  }

  get dialect(): Dialect {
    return this.#db.dialect;
  }

  async close(): Promise<void> {
    await this.#db.db.destroy();
  }
}
