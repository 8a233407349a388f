// A task run on demand, never twice at once: demands that arrive while it runs become one more run
// after it (at most one running and one pending), so a burst of demands costs at most two runs.

export interface Coalesced {
  /** runs the task now, or once more after the current run */
  request(): void;
  /** resolves when no run is going on or pending */
  idle(): Promise<void>;
}

/** `onError` receives a failed run's error; the next demand runs the task again. */
export function coalesce(task: () => Promise<void>, onError: (error: unknown) => void): Coalesced {
  let current: Promise<void> | undefined;
  let pending = false;
  const loop = async () => {
    try {
      do {
        pending = false;
        await task().catch(onError);
      } while (pending);
    } finally {
      // Cleared in the same step as the last check of `pending`: a demand in between cannot be lost.
      current = undefined;
    }
  };
  return {
    request() {
      if (current) pending = true;
      else current = loop();
    },
    idle: () => current ?? Promise.resolve(),
  };
}
