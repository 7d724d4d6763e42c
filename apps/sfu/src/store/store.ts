import type { Logger } from '../logger.js';
import { AuditStore } from './auditStore.js';
import { BanStore } from './banStore.js';
import { ChatStore } from './chatStore.js';
import { CredentialStore } from './credentialStore.js';
import { openDatabase, type Db } from './database.js';
import { OutboxStore } from './outboxStore.js';
import { RoomStore } from './roomStore.js';

/** The SQLite database and one repository per table group. */
export class Store {
  readonly rooms: RoomStore;
  readonly chat: ChatStore;
  readonly audit: AuditStore;
  readonly credentials: CredentialStore;
  readonly bans: BanStore;
  readonly outbox: OutboxStore;
  readonly #db: Db;

  private constructor(db: Db) {
    this.#db = db;
    this.rooms = new RoomStore(db);
    this.chat = new ChatStore(db);
    this.audit = new AuditStore(db);
    this.credentials = new CredentialStore(db);
    this.bans = new BanStore(db);
    this.outbox = new OutboxStore(db);
  }

  /** `path` may be `:memory:` (unit tests). */
  static open(path: string, log?: Logger): Store {
    return new Store(openDatabase(path, log));
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
