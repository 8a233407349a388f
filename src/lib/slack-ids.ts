// Slack ID shapes the bot tells apart without asking Slack: a person can be sent a DM, a user group
// (S…) can only be mentioned.

/** A user ID (`U…`, or `W…` on Enterprise Grid): someone a DM can be opened with. */
export function isSlackUserId(id: string): boolean {
  return /^[UW][A-Z0-9]{2,}$/.test(id);
}
