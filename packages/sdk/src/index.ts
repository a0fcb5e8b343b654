/**
 * `@paddock/sdk`: a typed client for Paddock, Wallaroo-compatible user and workspace management.
 * No runtime dependencies; runs in Node 20+ and browsers.
 *
 * @example
 * import { Client, PaddockError } from '@paddock/sdk';
 *
 * const client = new Client({
 *   url: 'http://127.0.0.1:8080',
 *   auth: { type: 'password', username: 'admin@example.com', password: 'secret' },
 * });
 * try {
 *   await client.activateUser('ann@example.com');
 * } catch (err) {
 *   if (err instanceof PaddockError && err.code === 'SEAT_LIMIT_REACHED') console.log('No seat left.');
 *   else throw err;
 * }
 */
export { Client } from './client.js';
export type { ClientOptions } from './client.js';
export type { Auth, ClientCredentialsAuth, DeviceAuth, DevicePrompt, PasswordAuth, TokenAuth, Tokens } from './auth.js';
export type { FetchLike } from './fetching.js';
export { User, UserList } from './user.js';
export type { UserFields } from './user.js';
export { Workspace } from './workspace.js';
export { ERROR_CODES, ERROR_STATUS, PaddockError, isErrorCode } from './errors.js';
export type { ErrorCode } from './errors.js';
export type { DormantListing, DormantUser, ReclaimResult, SeatPolicy, SeatPolicyPreview, SeatsInUse, WireDormantUser } from './seats.js';
export type {
  ApiCalls,
  ApiPath,
  AuditEvent,
  AuditPage,
  AuditQuery,
  DoctorFixResult,
  ImportOutcome,
  ImportResult,
  ImportUser,
  InviteOptions,
  InstalledLicense,
  InviteResult,
  License,
  LicenseSource,
  LoginLock,
  LoginLockKind,
  PlatformRole,
  Problem,
  ProblemKind,
  NewScimToken,
  ScimToken,
  ServiceAccount,
  ServiceAccountCredentials,
  Session,
  SetAsideLicense,
  NewSsoProvider,
  SsoProvider,
  SortOrder,
  UserChanges,
  UserQuery,
  UserSortKey,
  UserStatus,
  WireAuditEvent,
  WireAuditQueryReply,
  WireAuditQueryRequest,
  WireChangePasswordRequest,
  WireClientIdRequest,
  WireAliasRequest,
  WireCreateSsoProviderRequest,
  WireListSsoProvidersReply,
  WireSsoProvider,
  WireSsoProviderReply,
  WireCreateServiceAccountReply,
  WireCreateServiceAccountRequest,
  WireClearLoginLockRequest,
  WireCreateWorkspaceReply,
  WireDeviceAuthorizationReply,
  WireCreateWorkspaceRequest,
  WireDoctorCheckReply,
  WireDoctorFixReply,
  WireEmailRequest,
  WireEmptyReply,
  WireError,
  WireGetByEmailReply,
  WireGetByEmailRequest,
  WireGetWorkspaceReply,
  WireGetWorkspaceRequest,
  WireInstalledLicense,
  WireInviteReply,
  WireInviteRequest,
  WireLicense,
  WireListMembersReply,
  WireListMembersRequest,
  WireListServiceAccountsReply,
  WireListSessionsReply,
  WireListWorkspacesReply,
  WireListWorkspacesRequest,
  WireLoginLock,
  WireLoginLocksReply,
  WireLoginLocksRequest,
  WireMember,
  WireMemberRequest,
  WireOAuthError,
  WireProblem,
  WireRemoveUserReply,
  WireRevokeAllSessionsReply,
  WireRotateServiceAccountReply,
  WireScimToken,
  WireServiceAccount,
  WireSession,
  WireSessionIdRequest,
  WireSessionsRequest,
  WireSetRoleRequest,
  WireTokenReply,
  WireUser,
  WireUserType,
  WireUsersQueryReply,
  WireUsersQueryRequest,
  WireUploadLicenseRequest,
  WireWorkspaceOverview,
  WireWorkspaceOverviewReply,
  WireWorkspaceOverviewRequest,
  WireWorkspace,
  WorkspaceMember,
  WorkspaceOverview,
  WorkspaceOverviewQuery,
  WorkspaceRole,
} from './types.js';
