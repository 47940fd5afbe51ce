// Registers a route whose handler calls a function of the file under test: in typed mode that
// function runs per request, though nothing in its own file says so.
import Koa from 'koa';
import { openTenantDb } from './no-per-request-client-target.js';

const app = new Koa();

app.use(async (ctx) => {
  ctx.body = await openTenantDb(String(ctx.get('x-tenant')));
});
