import type { Transport } from './http.js';
import { inspectSymbol, pythonJson } from './repr.js';
import type { WireUserType, WireWorkspace, WorkspaceMember, WorkspaceRole } from './types.js';

const USER_TYPE: Readonly<Record<WorkspaceRole, WireUserType>> = { owner: 'OWNER', collaborator: 'COLLABORATOR' };

/** A member's role from the wire's `user_type`. */
export function roleFromWire(userType: WireUserType): WorkspaceRole {
  return userType === 'OWNER' ? 'owner' : 'collaborator';
}

/**
 * A workspace, bound to the {@link Client} that fetched it: its methods manage the members.
 * Obtain one from `client.getWorkspace`, `client.createWorkspace` or `client.listWorkspaces`.
 *
 * @example
 * const ws = await client.getWorkspace('fraud-models', { createIfNotExist: true });
 * await ws.addUser('ann@example.com');
 * console.log(await ws.users());
 */
export class Workspace {
  readonly id: number;
  readonly name: string;
  readonly createdAt: Date;
  /** The id of the user who created it. */
  readonly createdBy: string;
  readonly archived: boolean;
  /** The id of the user whose default workspace this is, or null. */
  readonly defaultFor: string | null;
  readonly #http: Transport;

  /** @internal Workspaces come from a {@link Client}; this constructor is not part of the API. */
  constructor(http: Transport, wire: WireWorkspace) {
    this.#http = http;
    this.id = wire.id;
    this.name = wire.name;
    this.createdAt = new Date(wire.created_at);
    this.createdBy = wire.created_by;
    this.archived = wire.archived;
    this.defaultFor = wire.default_for;
  }

  /**
   * Adds a user as a collaborator. Refused with `MEMBER_EXISTS` when they already belong.
   *
   * @example
   * await ws.addUser('ann@example.com');
   */
  async addUser(email: string): Promise<void> {
    await this.#http.post('workspaces/add_user', { workspace_id: this.id, email, user_type: 'COLLABORATOR' });
  }

  /**
   * Adds a user as an owner, or promotes a collaborator to owner.
   *
   * @example
   * await ws.addOwner('ann@example.com');
   */
  async addOwner(email: string): Promise<void> {
    await this.#http.post('workspaces/add_user', { workspace_id: this.id, email, user_type: 'OWNER' });
  }

  /**
   * Changes a member's role. Demoting the last owner is refused with `LAST_OWNER`.
   *
   * @example
   * await ws.setUserRole('ann@example.com', 'collaborator');
   */
  async setUserRole(email: string, role: WorkspaceRole): Promise<void> {
    await this.#http.post('workspaces/set_user_role', { workspace_id: this.id, email, user_type: USER_TYPE[role] });
  }

  /**
   * Removes a member. Refused with `LAST_OWNER` for the last owner, `DEFAULT_WORKSPACE` for the
   * user's own default workspace, `MEMBER_NOT_FOUND` for a non-member.
   *
   * @example
   * await ws.removeUser('ann@example.com');
   */
  async removeUser(email: string): Promise<void> {
    await this.#http.post('workspaces/remove_user', { workspace_id: this.id, email });
  }

  /**
   * The members and their roles, in one request.
   *
   * @example
   * for (const m of await ws.users()) console.log(m.email, m.role);
   */
  async users(): Promise<WorkspaceMember[]> {
    const reply = await this.#http.post('workspaces/list_users', { workspace_id: this.id });
    return reply.users.map((m) => ({
      userId: m.user_id,
      email: m.email,
      role: roleFromWire(m.user_type),
    }));
  }

  /** `Workspace({"id": 3, "name": "fraud-models"})`. */
  toString(): string {
    return `Workspace(${pythonJson({ id: this.id, name: this.name })})`;
  }

  [inspectSymbol](): string {
    return this.toString();
  }

  /** Plain camelCase data; dates as ISO-8601 strings. */
  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      name: this.name,
      createdAt: this.createdAt.toISOString(),
      createdBy: this.createdBy,
      archived: this.archived,
      defaultFor: this.defaultFor,
    };
  }
}
