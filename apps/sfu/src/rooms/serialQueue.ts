/**
 * Runs tasks one at a time, in the order they were queued. A failing task rejects only its own caller; the
 * queue goes on with the next.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
