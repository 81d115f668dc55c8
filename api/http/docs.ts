import { createRequire } from 'node:module';
import express, { type Router } from 'express';
import { openapi, swagger } from '../contract/index.js';

const require = createRequire(import.meta.url);

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>cosell-connector API</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true, persistAuthorization: false });`;

/** The contract in both forms, and browsable docs whose assets come from the swagger-ui-dist package (no CDN). */
export function docsRouter(): Router {
  const router = express.Router();
  // Only the path helper: the package's index would load the whole 1 MB UI bundle into the server.
  const assets = (require('swagger-ui-dist/absolute-path.js') as () => string)();
  router.get('/openapi.json', (_req, res) => { res.json(openapi); });
  router.get('/swagger.json', (_req, res) => { res.json(swagger); });
  router.get('/docs', (_req, res) => { res.type('html').send(DOCS_PAGE); });
  router.get('/docs/init.js', (_req, res) => { res.type('application/javascript').send(INIT); });
  router.use('/docs/assets', express.static(assets, { index: false, maxAge: '1h' }));
  return router;
}
