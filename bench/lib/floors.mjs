// The floors of bench/micro.ts: the least code a careful hand would write for
// the same contract, the yardsticks shared-call is priced against. Plain
// JavaScript on purpose: tsx, which runs the benchmarks, compiles TypeScript
// with esbuild's keepNames, so every `const f = () => …` made per call would
// also run an Object.defineProperty, which code shipped to users never does.

/** A Map of promises: coalesces, nothing else. */
export const naiveMap = (work) => {
  const flights = new Map()
  return (key) => {
    let flight = flights.get(key)
    if (flight) return flight
    flight = work().then(
      (value) => {
        flights.delete(key)
        return value
      },
      (error) => {
        flights.delete(key)
        throw error
      },
    )
    flights.set(key, flight)
    return flight
  }
}

/**
 * The cancellable path by hand: a Map of promises, an AbortController per
 * flight whose signal the work gets, and per caller an abort race: the
 * caller's promise rejects when its own signal aborts (at once if it already
 * has), and the work is aborted when its last caller has left.
 */
export const naiveCancellable = (work, signals) => {
  const flights = new Map()
  return (key, caller) => {
    const signal = signals[caller]
    // Part of any correct abort race: a listener added to a signal that has
    // already aborted never runs, so that caller would wait for the result.
    if (signal.aborted) return Promise.reject(signal.reason)
    let flight = flights.get(key)
    if (!flight) {
      const controller = new AbortController()
      const started = { controller, waiting: 0, promise: undefined }
      const done = () => {
        if (flights.get(key) === started) flights.delete(key)
      }
      started.promise = work(controller.signal).then(
        (value) => {
          done()
          return value
        },
        (error) => {
          done()
          throw error
        },
      )
      flights.set(key, started)
      flight = started
    }
    const joined = flight
    joined.waiting++
    return new Promise((resolve, reject) => {
      const leave = () => {
        reject(signal.reason)
        if (--joined.waiting === 0) {
          if (flights.get(key) === joined) flights.delete(key)
          joined.controller.abort(signal.reason)
        }
      }
      signal.addEventListener('abort', leave, { once: true })
      joined.promise.then(
        (value) => {
          signal.removeEventListener('abort', leave)
          resolve(value)
        },
        (error) => {
          signal.removeEventListener('abort', leave)
          reject(error)
        },
      )
    })
  }
}
