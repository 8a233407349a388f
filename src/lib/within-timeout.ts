/**
 * `work`'s result, or undefined when it takes longer than `ms`. The work is not cancelled (a pool
 * connect may wait out its own timeout), but a later rejection of it is handled, never unhandled.
 */
export async function withinTimeout<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
