export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at `at`: for several steps that must see the same instant. */
export function clockAt(at: Date): Clock {
  return { now: () => at };
}
