/** Who asked: a Slack user, or the operator at the local console (acting as an admin). */
export interface Actor {
  userId: string;
  local?: boolean;
}

export const LOCAL_ACTOR: Actor = { userId: 'local', local: true };
