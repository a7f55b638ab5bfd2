// Cloudflare Workers (workerd): `npx wrangler dev --config edge-demo/wrangler.toml`.
export { default } from './app'
