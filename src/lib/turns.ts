// Statements sent on one connection run in the order they were sent, and several callers may have
// statements in flight on it at once (an import's queued batches). A savepoint's sequence must
// run with nothing of theirs in between: after a failed statement inside it, every other statement
// fails too ("current transaction is aborted") until the rollback to the savepoint.

export class Turns {
  private exclusive: Promise<void> | undefined;

  /** Sends at once, or once the sequence running alone (and any queued after it) has ended. */
  shared<T>(send: () => Promise<T>): Promise<T> {
    const running = this.exclusive;
    return running ? running.then(() => this.shared(send)) : send();
  }

  /**
   * Runs `sequence` after whatever was sent before this call, and holds back whatever `shared`
   * would send until it has ended, whether it succeeded or failed.
   */
  alone<T>(sequence: () => Promise<T>): Promise<T> {
    const run = (this.exclusive ?? Promise.resolve()).then(sequence);
    const ended = run.then(
      () => undefined,
      () => undefined,
    );
    this.exclusive = ended;
    // Registered before any `shared` waits on `ended`, so those find it cleared when they run.
    void ended.then(() => {
      if (this.exclusive === ended) this.exclusive = undefined;
    });
    return run;
  }
}
