// "Prints what it shows": in a docs block (or an example), a `console.log`
// line that ends with a comment says what it prints, e.g.
//
//   console.log(first.leader, second.leader) // true false
//
// A block that says this for one `console.log` says it for each, so that
// the comments, in order, are its whole output, one line per call.

/** One `console.log(...)` statement on a line, and the comment after it. */
const SAID = /^\s*console\.log\(.*\)\s*\/\/ (.*)$/

/**
 * The lines a module says it prints, or undefined when it says nothing.
 * Throws when only some of its `console.log`s say what they print.
 */
export const saidOutput = (code: string): string[] | undefined => {
  const lines = code.split('\n')
  const calls = lines.filter((line) => line.includes('console.log(')).length
  const said = lines.flatMap((line) => SAID.exec(line)?.[1] ?? [])
  if (said.length === 0) return undefined
  if (said.length !== calls) {
    throw new Error(
      `${calls - said.length} of its ${calls} console.log calls do not say what they print (end each with // <what it prints>)`,
    )
  }
  return said
}

/** `stdout` as lines, without the empty one after the last newline. */
export const printedLines = (stdout: string): string[] => stdout.replace(/\n$/, '').split('\n')
