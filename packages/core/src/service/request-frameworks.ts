/**
 * What the request-handler fact knows about web frameworks, as data: how their applications and
 * routers are created, which methods register per-request code on them, which decorators mark
 * controller methods, and which types name a request. `request-handlers.ts` reads these lists and
 * names no framework API itself.
 */

export type Framework =
  | 'express'
  | 'fastify'
  | 'koa'
  | 'hono'
  | 'nestjs'
  | 'routing-controllers'
  | 'node-http'
  | 'nextjs'
  | 'fetch'
  | 'lambda';

/** A module value: `{ module: 'express', path: ['Router'] }` is `express.Router` / `import { Router } from 'express'`. */
export interface ValueSpec {
  module: string;
  path: readonly string[];
}

/** `node:http` servers: they are applications (`server.on('request', fn)`) and take a handler (`createServer(fn)`). */
const NODE_HTTP_SERVERS: readonly AppFactory[] = [
  { module: 'http', path: ['createServer'], framework: 'node-http' },
  { module: 'https', path: ['createServer'], framework: 'node-http' },
  { module: 'http2', path: ['createServer'], framework: 'node-http' },
  { module: 'http2', path: ['createSecureServer'], framework: 'node-http' },
  { module: 'http', path: ['Server'], framework: 'node-http' },
  { module: 'https', path: ['Server'], framework: 'node-http' },
];

/** Applications and routers: `express()`, `Router()`, `fastify()`, `new Koa()`, `new Router()` (koa), `new Hono()`. */
export interface AppFactory extends ValueSpec {
  framework: Framework;
}

export const APP_FACTORIES: readonly AppFactory[] = [
  { module: 'express', path: [], framework: 'express' },
  { module: 'express', path: ['Router'], framework: 'express' },
  { module: 'router', path: [], framework: 'express' },
  { module: 'fastify', path: [], framework: 'fastify' },
  { module: 'fastify', path: ['fastify'], framework: 'fastify' },
  { module: 'koa', path: [], framework: 'koa' },
  { module: 'koa', path: ['Koa'], framework: 'koa' },
  { module: 'koa-router', path: [], framework: 'koa' },
  { module: 'koa-router', path: ['Router'], framework: 'koa' },
  { module: '@koa/router', path: [], framework: 'koa' },
  { module: '@koa/router', path: ['Router'], framework: 'koa' },
  { module: 'hono', path: ['Hono'], framework: 'hono' },
  { module: 'hono/tiny', path: ['Hono'], framework: 'hono' },
  { module: 'hono/quick', path: ['Hono'], framework: 'hono' },
  ...NODE_HTTP_SERVERS,
];

/** Methods that return the application they are called on (`fastify().withTypeProvider()`, `new Hono().basePath('/api')`). */
export const APP_RETURNING_METHODS: Readonly<Partial<Record<Framework, readonly string[]>>> = {
  fastify: ['withTypeProvider'],
  hono: ['basePath', 'get', 'post', 'put', 'patch', 'delete', 'all', 'options', 'use', 'on', 'route'],
  koa: ['prefix'],
};

/** Types whose values are applications or routers (parameters such as `(app: Express)`, `(fastify: FastifyInstance)`). */
export interface TypeSpec extends ValueSpec {
  framework: Framework;
}

export const APP_TYPES: readonly TypeSpec[] = [
  ...['Express', 'Application', 'Router', 'IRouter'].map((name) => ({ module: 'express', path: [name], framework: 'express' as const })),
  ...['Express', 'Application', 'Router', 'IRouter'].map((name) => ({ module: 'express-serve-static-core', path: [name], framework: 'express' as const })),
  { module: 'fastify', path: ['FastifyInstance'], framework: 'fastify' },
  { module: 'koa', path: [], framework: 'koa' },
  { module: 'koa-router', path: [], framework: 'koa' },
  { module: '@koa/router', path: [], framework: 'koa' },
  { module: 'hono', path: ['Hono'], framework: 'hono' },
];

/** Variable types whose function value is a plugin receiving an application as its first parameter. */
export const PLUGIN_TYPES: readonly TypeSpec[] = [
  { module: 'fastify', path: ['FastifyPluginAsync'], framework: 'fastify' },
  { module: 'fastify', path: ['FastifyPluginCallback'], framework: 'fastify' },
];

/** Calls whose function argument is a plugin receiving an application (`fp(async (fastify) => …)`). */
export const PLUGIN_WRAPPERS: readonly AppFactory[] = [{ module: 'fastify-plugin', path: [], framework: 'fastify' }];

/** How a framework registers per-request code on an application value. */
export interface Registrations {
  /** Methods whose function arguments all run per request (routes and middleware). */
  routes: readonly string[];
  /** Methods taking a hook name first: the function runs per request only for these hook names. */
  hooks?: { methods: readonly string[]; names: readonly string[] };
  /** Methods whose first object argument holds handlers under these keys (`fastify.route({ handler })`). */
  routeOptions?: { methods: readonly string[]; keys: readonly string[] };
  /** Methods taking an event name: the listener runs per request for these events (`server.on('request')`). */
  events?: { methods: readonly string[]; names: readonly string[] };
  /** Methods whose function argument is a plugin receiving the application (`fastify.register(fn)`). */
  plugins?: readonly string[];
  /** `app.route('/x').get(…)`: methods returning a route object with the `routes` methods. */
  routeObjects?: readonly string[];
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all'] as const;
const FASTIFY_REQUEST_HOOKS = [
  'onRequest',
  'preParsing',
  'preValidation',
  'preHandler',
  'preSerialization',
  'onSend',
  'onResponse',
  'onError',
  'onTimeout',
  'onRequestAbort',
] as const;

export const REGISTRATIONS: Readonly<Partial<Record<Framework, Registrations>>> = {
  express: { routes: [...HTTP_METHODS, 'del', 'use', 'param'], routeObjects: ['route'] },
  fastify: {
    routes: [...HTTP_METHODS, 'setErrorHandler', 'setNotFoundHandler'],
    hooks: { methods: ['addHook'], names: FASTIFY_REQUEST_HOOKS },
    routeOptions: { methods: ['route', ...HTTP_METHODS], keys: ['handler', 'errorHandler', ...FASTIFY_REQUEST_HOOKS] },
    plugins: ['register'],
  },
  koa: { routes: [...HTTP_METHODS, 'del', 'use', 'param'], routeObjects: ['route'] },
  hono: { routes: [...HTTP_METHODS, 'use', 'on', 'onError', 'notFound'] },
  'node-http': { routes: [], events: { methods: ['on', 'once', 'addListener'], names: ['request', 'stream'] } },
};

/** Functions whose function argument runs per request (`createServer(handler)`, `createMiddleware(fn)`). */
export const HANDLER_FUNCTIONS: readonly AppFactory[] = [
  ...NODE_HTTP_SERVERS,
  { module: 'hono/factory', path: ['createMiddleware'], framework: 'hono' },
  { module: 'globalThis', path: ['Bun', 'serve'], framework: 'fetch' },
  { module: 'globalThis', path: ['Deno', 'serve'], framework: 'fetch' },
  { module: '@middy/core', path: [], framework: 'lambda' },
];

/** Decorated controllers: a class decorator, and the method decorators that make a method a handler. */
export interface ControllerSpec {
  framework: Framework;
  module: string;
  classDecorators: readonly string[];
  methodDecorators: readonly string[];
}

export const CONTROLLERS: readonly ControllerSpec[] = [
  {
    framework: 'nestjs',
    module: '@nestjs/common',
    classDecorators: ['Controller'],
    methodDecorators: ['Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'All', 'Search', 'Sse'],
  },
  {
    framework: 'nestjs',
    module: '@nestjs/graphql',
    classDecorators: ['Resolver'],
    methodDecorators: ['Query', 'Mutation', 'ResolveField', 'ResolveProperty', 'Subscription'],
  },
  {
    framework: 'nestjs',
    module: '@nestjs/microservices',
    classDecorators: ['Controller'],
    methodDecorators: ['MessagePattern', 'EventPattern', 'GrpcMethod'],
  },
  {
    framework: 'routing-controllers',
    module: 'routing-controllers',
    classDecorators: ['Controller', 'JsonController'],
    methodDecorators: ['Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'All', 'Method'],
  },
];

/** Classes implementing one of these interfaces run the named method per request (Nest middleware, guards, interceptors). */
export const PER_REQUEST_INTERFACES: readonly { module: string; name: string; method: string; framework: Framework }[] = [
  { module: '@nestjs/common', name: 'NestMiddleware', method: 'use', framework: 'nestjs' },
  { module: '@nestjs/common', name: 'CanActivate', method: 'canActivate', framework: 'nestjs' },
  { module: '@nestjs/common', name: 'NestInterceptor', method: 'intercept', framework: 'nestjs' },
  { module: '@nestjs/common', name: 'PipeTransform', method: 'transform', framework: 'nestjs' },
  { module: '@nestjs/common', name: 'ExceptionFilter', method: 'catch', framework: 'nestjs' },
  { module: 'routing-controllers', name: 'ExpressMiddlewareInterface', method: 'use', framework: 'routing-controllers' },
  { module: 'routing-controllers', name: 'KoaMiddlewareInterface', method: 'use', framework: 'routing-controllers' },
];

/**
 * Types that only request-serving functions receive: a parameter annotated with one of them (or a
 * variable annotated with a handler type) marks the function as a handler.
 */
export const REQUEST_TYPES: readonly TypeSpec[] = [
  ...['Request', 'Response', 'NextFunction', 'RequestHandler', 'ErrorRequestHandler', 'RequestParamHandler'].map((name) => ({
    module: 'express',
    path: [name],
    framework: 'express' as const,
  })),
  ...['Request', 'Response', 'NextFunction', 'RequestHandler'].map((name) => ({
    module: 'express-serve-static-core',
    path: [name],
    framework: 'express' as const,
  })),
  ...['FastifyRequest', 'FastifyReply', 'RouteHandlerMethod', 'RouteHandler'].map((name) => ({
    module: 'fastify',
    path: [name],
    framework: 'fastify' as const,
  })),
  ...['Context', 'ParameterizedContext', 'DefaultContext', 'Middleware', 'Next', 'Request', 'Response'].map((name) => ({
    module: 'koa',
    path: [name],
    framework: 'koa' as const,
  })),
  ...['RouterContext', 'IRouterContext', 'Middleware', 'IMiddleware'].map((name) => ({
    module: 'koa-router',
    path: [name],
    framework: 'koa' as const,
  })),
  ...['RouterContext', 'Middleware'].map((name) => ({ module: '@koa/router', path: [name], framework: 'koa' as const })),
  ...['Context', 'Next', 'MiddlewareHandler', 'Handler', 'ErrorHandler', 'NotFoundHandler'].map((name) => ({
    module: 'hono',
    path: [name],
    framework: 'hono' as const,
  })),
  ...['ServerResponse', 'RequestListener'].map((name) => ({ module: 'http', path: [name], framework: 'node-http' as const })),
  { module: 'http2', path: ['Http2ServerResponse'], framework: 'node-http' },
  { module: 'next/server', path: ['NextRequest'], framework: 'nextjs' },
  ...['NextApiRequest', 'NextApiResponse', 'NextApiHandler'].map((name) => ({ module: 'next', path: [name], framework: 'nextjs' as const })),
  ...[
    'Handler',
    'APIGatewayProxyEvent',
    'APIGatewayProxyEventV2',
    'APIGatewayProxyHandler',
    'APIGatewayProxyHandlerV2',
    'APIGatewayEvent',
    'ALBEvent',
    'ALBHandler',
    'LambdaFunctionURLEvent',
    'LambdaFunctionURLHandler',
  ].map((name) => ({ module: 'aws-lambda', path: [name], framework: 'lambda' as const })),
];

/**
 * Handlers recognised by where they are exported: Next.js route handlers (`app/**\/route.ts`
 * exporting `GET`, `POST`, …), Next.js API routes (`pages/api/**`, the default export), and
 * fetch-style modules (`export default { fetch }`).
 */
export const NEXT_ROUTE_FILE = /(^|[\\/])app[\\/](?:.+[\\/])?route\.(?:[cm]?[jt]s|[jt]sx)$/;
export const NEXT_API_FILE = /(^|[\\/])pages[\\/]api[\\/].+\.(?:[cm]?[jt]s|[jt]sx)$/;
export const NEXT_ROUTE_EXPORTS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** A Next.js `middleware.ts` counts only when it imports `next/server`. */
export const NEXT_MIDDLEWARE_FILE = /(^|[\\/])middleware\.(?:[cm]?[jt]s)$/;
export const NEXT_MIDDLEWARE_MODULE = 'next/server';

/** An exported `handler` is a Lambda handler when its first parameter is named like an event. */
export const LAMBDA_EXPORT_NAMES: ReadonlySet<string> = new Set(['handler']);
export const LAMBDA_EVENT_PARAMETER = /^(event|evt|_event)$/;
