import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ApiKey, CreateApiKeyResponse, LoginResponse } from '@huddle/shared';
import type { Config } from '../config.js';
import { HuddleError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { JoinTokens } from './joinTokens.js';
import { LoginThrottle } from './loginThrottle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { randomToken, sameHash, sha256 } from './secrets.js';

/** Who made an HTTP request. A participant is a join-token holder: known, but not allowed the admin API. */
export type Principal =
  | { kind: 'admin'; name: string }
  | { kind: 'apiKey'; id: string; name: string }
  | { kind: 'participant'; identity: string; room: string };

const API_KEY = /^hk_([0-9a-f]{16})_([A-Za-z0-9_-]{32,})$/;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function invalidCredentials(): HuddleError {
  return new HuddleError('UNAUTHORIZED', 'the credentials are not valid (expired, revoked or unknown)');
}

/** Admin accounts, sessions and API keys: every credential check of the HTTP API goes through here. */
export class Authenticator {
  readonly #config: Config;
  readonly #store: Store;
  readonly #tokens: JoinTokens;
  readonly #log: Logger;
  readonly #throttle = new LoginThrottle();
  /** Where a generated first admin password is written (mode 0600), never to the log. */
  readonly #passwordFile: string;
  /** Verified against when the username is unknown, so a wrong name costs as long as a wrong password. */
  readonly #decoyHash = hashPassword(randomToken());

  constructor(deps: { config: Config; store: Store; tokens: JoinTokens; log: Logger; passwordFile: string }) {
    this.#passwordFile = deps.passwordFile;
    this.#config = deps.config;
    this.#store = deps.store;
    this.#tokens = deps.tokens;
    this.#log = deps.log;
  }

  /**
   * At startup: the configured admin password is stored (hashed); with none configured and none stored, one is
   * generated and logged this once.
   */
  async ensureAdmin(): Promise<void> {
    const { username, password } = this.#config.admin;
    const stored = await this.#store.credentials.adminPasswordHash(username);
    if (password !== undefined) {
      if (stored === undefined || !(await verifyPassword(password, stored))) {
        await this.#store.credentials.setAdminPasswordHash(username, await hashPassword(password));
      }
      return;
    }
    if (stored !== undefined) return;
    const generated = randomToken(18);
    if (!(await this.#store.credentials.createAdmin(username, await hashPassword(generated)))) return;
    await mkdir(dirname(this.#passwordFile), { recursive: true });
    await writeFile(this.#passwordFile, `${generated}\n`, { mode: 0o600 });
    await chmod(this.#passwordFile, 0o600);
    this.#log.warn(
      { username, passwordFile: this.#passwordFile },
      'no admin password configured: generated one and wrote it to this file (readable by this user only); set HUDDLE_ADMIN_PASSWORD to choose one',
    );
  }

  async login(username: string, password: string, clientIp: string): Promise<LoginResponse> {
    const wait = this.#throttle.retryAfterMs(clientIp, username);
    if (wait > 0) {
      const retryAfterSeconds = Math.ceil(wait / 1000);
      throw new HuddleError('RATE_LIMITED', `too many failed logins; try again in ${retryAfterSeconds} s`, {
        details: { retryAfterSeconds },
      });
    }
    // Only the configured admin may log in, even if an earlier configuration stored another.
    const stored =
      username === this.#config.admin.username ? await this.#store.credentials.adminPasswordHash(username) : undefined;
    const valid = await verifyPassword(password, stored ?? (await this.#decoyHash));
    if (!valid || stored === undefined) {
      this.#throttle.fail(clientIp, username);
      this.#log.warn({ username, clientIp }, 'failed admin login');
      throw new HuddleError('UNAUTHORIZED', 'wrong username or password');
    }
    this.#throttle.succeed(clientIp, username);
    const token = randomToken();
    const expiresAt = Date.now() + this.#config.admin.sessionTtlSeconds * 1000;
    await this.#store.credentials.addSession(sha256(token), username, expiresAt);
    return { token, username, expiresAt };
  }

  async logout(token: string): Promise<void> {
    await this.#store.credentials.deleteSession(sha256(token));
  }

  /**
   * The principal behind a bearer credential (UNAUTHORIZED if it is not valid) or else the session cookie (a stale
   * cookie counts as none, so public routes keep working).
   */
  async identify(bearer: string | undefined, cookie: string | undefined): Promise<Principal | undefined> {
    if (bearer !== undefined) return this.#fromBearer(bearer);
    if (cookie === undefined) return undefined;
    const username = await this.#store.credentials.sessionUser(sha256(cookie));
    return username === undefined ? undefined : { kind: 'admin', name: username };
  }

  async createApiKey(name: string): Promise<CreateApiKeyResponse> {
    const id = randomBytes(8).toString('hex');
    const key = `hk_${id}_${randomToken()}`;
    const record: ApiKey = await this.#store.credentials.addApiKey(id, name, sha256(key));
    return { ...record, key };
  }

  async #fromBearer(credential: string): Promise<Principal> {
    const apiKey = API_KEY.exec(credential);
    if (apiKey?.[1] !== undefined) {
      const stored = await this.#store.credentials.activeApiKeyHash(apiKey[1]);
      if (!stored || !sameHash(stored.secretHash, sha256(credential))) throw invalidCredentials();
      await this.#store.credentials.touchApiKey(apiKey[1]);
      return { kind: 'apiKey', id: apiKey[1], name: stored.name };
    }
    if (JWT.test(credential)) {
      const claims = await this.#tokens.verify(credential);
      return { kind: 'participant', identity: claims.identity, room: claims.room };
    }
    const username = await this.#store.credentials.sessionUser(sha256(credential));
    if (username === undefined) throw invalidCredentials();
    return { kind: 'admin', name: username };
  }
}
