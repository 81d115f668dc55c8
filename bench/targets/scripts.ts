/** Compiled target entry points, for startTarget (resolved next to this file in dist/bench/targets). */
export const TARGET_SCRIPTS = {
  bareExpress: new URL('./bare-express.js', import.meta.url),
  sandboxProduct: new URL('./sandbox-product.js', import.meta.url),
  sandboxServer: new URL('./sandbox-server.js', import.meta.url),
  barePost: new URL('./bare-post.js', import.meta.url),
  webhookReceiver: new URL('./webhook-receiver.js', import.meta.url),
  syncSandbox: new URL('./sync-sandbox.js', import.meta.url),
  syncProduct: new URL('./sync-product.js', import.meta.url),
} as const;
