// The part of autocannon's API the HTTP benchmark uses (it ships no types).
declare module 'autocannon' {
  interface Stats {
    average: number
    total: number
    p50: number
    p99: number
  }
  interface Result {
    requests: Stats
    latency: Stats
    non2xx: number
    errors: number
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    idReplacement?: boolean
  }
  export default function autocannon(options: Options): Promise<Result>
}
