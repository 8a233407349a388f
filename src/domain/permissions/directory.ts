/** Resolves user groups (S…) to their members; Slack's usergroups.users.list behind a cache. */
export interface Directory {
  membersOfGroup(groupId: string): Promise<readonly string[]>;
}

/** Local mode and tests: no user groups to resolve, so only listed user IDs match. */
export const EMPTY_DIRECTORY: Directory = { membersOfGroup: async () => [] };
