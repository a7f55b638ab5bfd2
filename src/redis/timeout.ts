/** Runs `then` once the I/O that has already arrived has been read. */
const afterPendingIo: (then: () => void) => unknown =
  typeof setImmediate === 'function' ? setImmediate : (then) => setTimeout(then, 0)

/**
 * `promise`, or a rejection when it has no answer after `timeoutMs`.
 *
 * After a pause (a long GC, SIGSTOP, an overloaded host) the timer and the
 * answer are both due, and Node runs due timers before it reads sockets: a
 * plain timer would call an answer late that had arrived in time. So a timer
 * that fires first lets the event loop read what is waiting (`setImmediate`
 * runs after the poll phase), and the answer wins if it was there.
 */
export const withTimeout = <T>(promise: Promise<T>, timeoutMs: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    let settled = false
    const timer = setTimeout(
      () =>
        afterPendingIo(() => {
          if (settled) return
          settled = true
          reject(new Error(`redis: no answer within ${timeoutMs} ms`))
        }),
      timeoutMs,
    )
    promise.then(
      (value) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve(value)
      },
      (error) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        reject(error)
      },
    )
  })
