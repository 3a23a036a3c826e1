/**
 * Lets the event loop run (I/O callbacks, other requests) before continuing. Long
 * synchronous stretches of batch work (parsing, validating, projecting thousands of events)
 * call it every few milliseconds: while they run, other requests' COPY data sits unsent and
 * PostgreSQL waits for it.
 */
export const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => setImmediate(resolve));
