import type { Context } from 'hono';
import type { Account, ApiToken, Session } from './data/records.js';
import type { Services } from './services.js';

/** Who made the request and how they proved it. */
export type Identity =
  | {
      readonly via: 'session';
      readonly account: Account;
      readonly session: Session;
      /** The cookie's secret: the CSRF token is derived from it. */
      readonly sessionSecret: string;
    }
  | { readonly via: 'token'; readonly account: Account; readonly token: ApiToken };

/** Facts about the request every handler and audit record uses. */
export interface RequestInfo {
  readonly requestId: string;
  /** The client's network address (`in-process` for requests made without a socket). */
  readonly source: string;
  readonly method: string;
  readonly path: string;
}

/** The Hono environment of the app: its variables. */
export interface AppEnv {
  Variables: {
    services: Services;
    request: RequestInfo;
    identity: Identity | undefined;
  };
}

export type AppContext = Context<AppEnv>;
