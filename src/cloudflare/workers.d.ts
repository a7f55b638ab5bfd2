/**
 * The part of `cloudflare:workers` this entry uses, for builds without
 * `@cloudflare/workers-types`. At run time workerd provides the module; an
 * app that has the official types gets them instead.
 */
declare module 'cloudflare:workers' {
  export abstract class DurableObject<Env = unknown> {
    protected ctx: unknown
    protected env: Env
    constructor(ctx: unknown, env: Env)
  }
}
