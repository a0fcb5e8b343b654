/**
 * The Hasura-shaped schema the Wallaroo Python SDK validates its operations against (it fetches it
 * by introspection first): names and nullability as Hasura's, only what the SDK uses.
 */
export const WALLAROO_SCHEMA = /* GraphQL */ `
# Described in scalars.ts, which implements them.
scalar bigint
scalar timestamptz

schema {
  query: query_root
  mutation: mutation_root
}

type query_root {
  """A workspace the caller may see (admins: any), or null."""
  workspace_by_pk(id: bigint!): workspace
  """The caller's default workspace; asking for another user's is refused."""
  user_default_workspace(where: user_default_workspace_bool_exp): [user_default_workspace!]!
}

type mutation_root {
  """Only the caller's default workspace, which exists from their creation on: answers it."""
  insert_workspace_one(object: workspace_insert_input!, on_conflict: workspace_on_conflict): workspace
  """Removes a member, with the rules of workspaces/remove_user."""
  delete_workspace_users(where: workspace_users_bool_exp!): workspace_users_mutation_response
}

type workspace {
  id: bigint!
  name: String!
  archived: Boolean!
  created_at: timestamptz!
  created_by: String!
  users: [workspace_users!]!
  models: [models!]!
  pipelines: [pipeline!]!
}

type workspace_users {
  user_id: String!
}

type models {
  models: [model!]!
}

type model {
  id: bigint!
}

type pipeline {
  id: bigint!
}

type user_default_workspace {
  workspace: workspace!
}

type workspace_users_mutation_response {
  affected_rows: Int!
}

input String_comparison_exp {
  _eq: String
}

input bigint_comparison_exp {
  _eq: bigint
}

input user_default_workspace_bool_exp {
  user_id: String_comparison_exp
}

input workspace_users_bool_exp {
  _and: [workspace_users_bool_exp!]
  user_id: String_comparison_exp
  workspace_id: bigint_comparison_exp
}

input workspace_insert_input {
  name: String
  owner_id: String
  archived: Boolean
  users: workspace_users_arr_rel_insert_input
  user_default_workspaces: user_default_workspace_arr_rel_insert_input
}

input workspace_users_arr_rel_insert_input {
  data: [workspace_users_insert_input!]!
}

input workspace_users_insert_input {
  user_id: String
  user_type: String
}

input user_default_workspace_arr_rel_insert_input {
  data: [user_default_workspace_insert_input!]!
}

input user_default_workspace_insert_input {
  user_id: String
}

input workspace_on_conflict {
  constraint: workspace_constraint!
  update_columns: [workspace_update_column!]!
}

enum workspace_constraint {
  workspace_name_key
}

enum workspace_update_column {
  name
}
`;
