// Where every benchmark's numbers go: a table on stdout and a JSON file in
// bench/results/, stamped with the machine so a reader can judge them.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results')

export interface Machine {
  node: string
  cpu: string
  cores: number
  memoryGb: number
  platform: string
  date: string
}

export const machine = (): Machine => ({
  node: process.version,
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  platform: `${process.platform} ${process.arch}`,
  date: new Date().toISOString(),
})

export type Row = Record<string, string | number | boolean | null>

/** A titled table of rows, as printed and as stored (docs are rebuilt from it). */
export interface Table {
  title: string
  rows: Row[]
  note?: string
}

/** Prints the tables and writes `bench/results/<name>.json`. */
export const writeResult = (name: string, tables: Table[], extra: Record<string, unknown> = {}) => {
  for (const table of tables) printTable(table)
  mkdirSync(resultsDir, { recursive: true })
  const file = join(resultsDir, `${name}.json`)
  writeFileSync(
    file,
    `${JSON.stringify({ name, machine: machine(), tables, ...extra }, null, 2)}\n`,
  )
  console.log(`wrote ${file}`)
}

export const printTable = ({ title, rows, note }: Table) => {
  console.log(`\n${title}`)
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))]
  const cells = rows.map((row) => columns.map((column) => format(row[column])))
  const widths = columns.map((column, i) =>
    Math.max(column.length, ...cells.map((line) => line[i]?.length ?? 0)),
  )
  const line = (values: string[]) =>
    values.map((value, i) => value.padEnd(widths[i] ?? 0)).join('  ')
  console.log(line(columns))
  console.log(line(widths.map((width) => '-'.repeat(width))))
  for (const values of cells) console.log(line(values))
  if (note) console.log(note)
}

const format = (value: Row[string] | undefined): string =>
  value === undefined || value === null ? '' : String(value)

/** Rounds to `digits` decimals, for tables that people read. */
export const round = (value: number, digits = 1) => {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** The p-th percentile (0..100) of numbers, nearest-rank. */
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1] ?? Number.NaN
}

export const median = (values: number[]) => percentile(values, 50)

export const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length
