/** A Lua script, and its SHA-1 once known. */
export interface Script {
  readonly text: string
  sha: string | undefined
}

/** A script; its SHA-1 is computed in the background (Web Crypto's digest is async). */
export const script = (text: string): Script => ({ text, sha: undefined })

const hex = (digest: ArrayBuffer) =>
  Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')

const computing = new WeakSet<Script>()

const learnSha = (script: Script) => {
  if (computing.has(script)) return
  computing.add(script)
  crypto.subtle.digest('SHA-1', new TextEncoder().encode(script.text)).then(
    (digest) => {
      script.sha = hex(digest)
    },
    () => {}, // no SHA-1 here: EVAL it stays
  )
}

/** The server does not have the script (restarted, flushed, or a node that never ran it). */
const isNoScript = (error: unknown) => String((error as Error)?.message).startsWith('NOSCRIPT')

/**
 * Runs scripts by their SHA-1 (EVALSHA: a few dozen bytes on the wire, not
 * the script's kilobyte), falling back to EVAL, which also caches the script
 * on the server, while the SHA is not known yet and when the server answers
 * NOSCRIPT. `send` routes by the first key (a cluster's node).
 */
export const scriptRunner =
  (send: (args: string[], key: string) => Promise<unknown>) =>
  (script: Script, keys: string[], args: string[]): Promise<unknown> => {
    const tail = [String(keys.length), ...keys, ...args]
    const key = keys[0]!
    const evaluate = () => send(['EVAL', script.text, ...tail], key)
    const { sha } = script
    if (!sha) {
      learnSha(script)
      return evaluate()
    }
    return send(['EVALSHA', sha, ...tail], key).catch((error: unknown) =>
      isNoScript(error) ? evaluate() : Promise.reject(error),
    )
  }
