/**
 * Abandons a response body Herald does not want (a redirect, a 304, an error page, an
 * over-long body). The outcome is already decided by then, so a stream that fails while being
 * cancelled (the peer reset the connection, the body had already errored) changes nothing:
 * that failure is expected here and only here, which is why it is dropped.
 */
export async function discardBody(body: { cancel(): Promise<void> } | null | undefined): Promise<void> {
  if (!body) return;
  try {
    await body.cancel();
  } catch {
    // see above: the answer was decided before the body was abandoned
  }
}
