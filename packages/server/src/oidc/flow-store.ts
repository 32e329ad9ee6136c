import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type {
  DatabaseSchema,
  OidcFlowIntent,
  OidcFlowMode,
  OidcFlowsTable,
} from '../db/database-schema.js';
import { isoAt } from '../sessions/session-record.js';

/** How long a sign-in at the provider may take: 10 minutes (the flow cookie's Max-Age too). */
export const FLOW_TTL_SECONDS = 600;
/** How long the one-time ticket of a signed-in flow works: 60 seconds. */
export const TICKET_TTL_SECONDS = 60;

/** What a flow remembers between the start and the callback. */
export interface NewFlow {
  readonly provider: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  readonly mode: OidcFlowMode;
  readonly intent: OidcFlowIntent;
  /** The user a link flow links to; null for a login. */
  readonly userId: number | null;
  readonly returnTo: string;
}

/** A flow taken by its callback (or Satellizer's exchange). */
export interface FlowRecord extends NewFlow {
  readonly id: string;
}

/** base64url SHA-256: how flow secrets and tickets are stored (never the value itself). */
export function hashOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

function toRecord(row: Selectable<OidcFlowsTable>): FlowRecord {
  return {
    id: row.id,
    provider: row.provider,
    state: row.state,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    redirectUri: row.redirect_uri,
    mode: row.mode,
    intent: row.intent,
    userId: row.user_id === null ? null : Number(row.user_id),
    returnTo: row.return_to,
  };
}

/**
 * The `oidc_flows` table. A flow is found only by its cookie's secret (stored hashed), is used
 * at most once ({@link consume} is one conditional UPDATE … RETURNING: of concurrent callbacks
 * exactly one gets it), and lives 10 minutes; its ticket is redeemed at most once (one DELETE …
 * RETURNING) within 60 seconds. Expired rows are removed whenever a flow starts.
 */
export class FlowStore {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly clock: () => number,
  ) {}

  /** Stores a new flow under the hash of `secret` (the cookie's value); sweeps expired flows. */
  async create(secret: string, flow: NewFlow): Promise<void> {
    const now = this.clock();
    await this.sweep();
    await this.db
      .insertInto('oidc_flows')
      .values({
        id: hashOf(secret),
        provider: flow.provider,
        state: flow.state,
        nonce: flow.nonce,
        code_verifier: flow.codeVerifier,
        redirect_uri: flow.redirectUri,
        mode: flow.mode,
        intent: flow.intent,
        user_id: flow.userId,
        return_to: flow.returnTo,
        ticket_hash: null,
        result_user_id: null,
        consumed_at: null,
        created_at: isoAt(now),
        expires_at: isoAt(now + FLOW_TTL_SECONDS),
      })
      .execute();
  }

  /** Takes the open flow of `secret` for `provider`, once; undefined when unknown, used or expired. */
  async consume(secret: string | undefined, provider: string): Promise<FlowRecord | undefined> {
    if (secret === undefined || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
    const now = isoAt(this.clock());
    const row = await this.db
      .updateTable('oidc_flows')
      .set({ consumed_at: now })
      .where('id', '=', hashOf(secret))
      .where('provider', '=', provider)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  /** Puts the one-time ticket (hashed) on a consumed login flow: it works 60 seconds. */
  async issueTicket(flowId: string, ticket: string, userId: number): Promise<void> {
    await this.db
      .updateTable('oidc_flows')
      .set({
        ticket_hash: hashOf(ticket),
        result_user_id: userId,
        expires_at: isoAt(this.clock() + TICKET_TTL_SECONDS),
      })
      .where('id', '=', flowId)
      .execute();
  }

  /** Redeems a ticket once: the user it signs in, or undefined (unknown, used, expired). */
  async redeemTicket(ticket: string): Promise<number | undefined> {
    const row = await this.db
      .deleteFrom('oidc_flows')
      .where('ticket_hash', '=', hashOf(ticket))
      .where('expires_at', '>', isoAt(this.clock()))
      .returning('result_user_id')
      .executeTakeFirst();
    return row?.result_user_id == null ? undefined : Number(row.result_user_id);
  }

  /** Forgets a consumed flow that gave no ticket (an error, a link, Satellizer's exchange). */
  async remove(flowId: string): Promise<void> {
    await this.db.deleteFrom('oidc_flows').where('id', '=', flowId).execute();
  }

  /** Removes every expired flow and ticket. */
  async sweep(): Promise<void> {
    await this.db.deleteFrom('oidc_flows').where('expires_at', '<=', isoAt(this.clock())).execute();
  }
}
