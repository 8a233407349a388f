import type { WebClient } from '@slack/web-api';
import type { Directory } from '../domain/permissions/directory.js';
import type { Clock } from '../lib/clock.js';

const CACHE_MS = 5 * 60_000;

/** User-group members from usergroups.users.list, cached for a few minutes per group. */
export function createSlackDirectory(client: WebClient, clock: Clock): Directory {
  const cache = new Map<string, { members: readonly string[]; until: number }>();
  return {
    async membersOfGroup(groupId) {
      const now = clock.now().getTime();
      const hit = cache.get(groupId);
      if (hit && hit.until > now) return hit.members;
      const result = await client.usergroups.users.list({ usergroup: groupId });
      const members = result.users ?? [];
      cache.set(groupId, { members, until: now + CACHE_MS });
      return members;
    },
  };
}
