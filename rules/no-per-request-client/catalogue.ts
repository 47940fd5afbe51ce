/**
 * What no-per-request-client knows, as data: the constructors and factories that open a connection
 * pool, a connection, or an HTTP agent — objects a process creates once and shares. The rule's
 * logic names none of them.
 */

export interface ClientSpec {
  /** Module after `node:` is stripped; a package's `default` export is its namespace (`[]`). */
  module: string;
  path: readonly string[];
  /** How it is created: `new X()` or `x()`; `any` accepts both (ioredis, knex). */
  create: 'new' | 'call' | 'any';
  /** Shown in the message. */
  api: string;
  /** What one creation opens, for the message. */
  opens: 'a connection pool' | 'a connection' | 'an HTTP agent and its sockets' | 'a client and its connections';
}

/** Modules whose every `XClient` export is a client (AWS SDK v3: `new S3Client()`, `new DynamoDBClient()`). */
export interface ClientFamily {
  modulePrefix: string;
  /** Export names of the family that are clients. */
  name: RegExp;
  api: string;
  opens: ClientSpec['opens'];
}

const pool = 'a connection pool' as const;
const connection = 'a connection' as const;
const agent = 'an HTTP agent and its sockets' as const;
const client = 'a client and its connections' as const;

export const CLIENTS: readonly ClientSpec[] = [
  // PostgreSQL
  { module: 'pg', path: ['Pool'], create: 'new', api: 'pg.Pool', opens: pool },
  { module: 'pg', path: ['Client'], create: 'new', api: 'pg.Client', opens: connection },
  { module: 'pg', path: ['native', 'Pool'], create: 'new', api: 'pg.native.Pool', opens: pool },
  { module: 'pg', path: ['native', 'Client'], create: 'new', api: 'pg.native.Client', opens: connection },
  { module: 'pg-pool', path: [], create: 'new', api: 'pg-pool', opens: pool },
  { module: 'postgres', path: [], create: 'call', api: 'postgres()', opens: pool },
  // MySQL
  ...['mysql', 'mysql2', 'mysql2/promise'].flatMap((module) => [
    { module, path: ['createPool'], create: 'call' as const, api: `${module}.createPool`, opens: pool },
    { module, path: ['createPoolCluster'], create: 'call' as const, api: `${module}.createPoolCluster`, opens: pool },
    { module, path: ['createConnection'], create: 'call' as const, api: `${module}.createConnection`, opens: connection },
  ]),
  // Redis
  { module: 'ioredis', path: [], create: 'any', api: 'ioredis Redis', opens: connection },
  { module: 'ioredis', path: ['Redis'], create: 'any', api: 'ioredis Redis', opens: connection },
  { module: 'ioredis', path: ['Cluster'], create: 'new', api: 'ioredis Cluster', opens: connection },
  { module: 'ioredis', path: ['Redis', 'Cluster'], create: 'new', api: 'ioredis Cluster', opens: connection },
  { module: 'redis', path: ['createClient'], create: 'call', api: 'redis.createClient', opens: connection },
  { module: 'redis', path: ['createCluster'], create: 'call', api: 'redis.createCluster', opens: connection },
  { module: '@redis/client', path: ['createClient'], create: 'call', api: 'redis.createClient', opens: connection },
  // ORMs and query builders
  { module: '@prisma/client', path: ['PrismaClient'], create: 'new', api: 'PrismaClient', opens: pool },
  { module: 'sequelize', path: [], create: 'new', api: 'Sequelize', opens: pool },
  { module: 'sequelize', path: ['Sequelize'], create: 'new', api: 'Sequelize', opens: pool },
  { module: 'sequelize-typescript', path: ['Sequelize'], create: 'new', api: 'Sequelize', opens: pool },
  { module: 'knex', path: [], create: 'call', api: 'knex()', opens: pool },
  { module: 'knex', path: ['knex'], create: 'call', api: 'knex()', opens: pool },
  { module: 'typeorm', path: ['DataSource'], create: 'new', api: 'typeorm DataSource', opens: pool },
  { module: 'typeorm', path: ['createConnection'], create: 'call', api: 'typeorm createConnection', opens: pool },
  // MongoDB
  { module: 'mongodb', path: ['MongoClient'], create: 'new', api: 'MongoClient', opens: pool },
  { module: 'mongodb', path: ['MongoClient', 'connect'], create: 'call', api: 'MongoClient.connect', opens: pool },
  { module: 'mongoose', path: ['connect'], create: 'call', api: 'mongoose.connect', opens: pool },
  { module: 'mongoose', path: ['createConnection'], create: 'call', api: 'mongoose.createConnection', opens: pool },
  // HTTP agents: a new agent per request defeats keep-alive and leaks sockets
  { module: 'http', path: ['Agent'], create: 'new', api: 'http.Agent', opens: agent },
  { module: 'https', path: ['Agent'], create: 'new', api: 'https.Agent', opens: agent },
  { module: 'agentkeepalive', path: [], create: 'new', api: 'agentkeepalive', opens: agent },
  { module: 'agentkeepalive', path: ['HttpsAgent'], create: 'new', api: 'agentkeepalive HttpsAgent', opens: agent },
  { module: 'undici', path: ['Agent'], create: 'new', api: 'undici.Agent', opens: agent },
  { module: 'undici', path: ['Pool'], create: 'new', api: 'undici.Pool', opens: agent },
  { module: 'undici', path: ['Client'], create: 'new', api: 'undici.Client', opens: connection },
  // Other stores and brokers
  { module: '@elastic/elasticsearch', path: ['Client'], create: 'new', api: 'Elasticsearch Client', opens: client },
  { module: 'cassandra-driver', path: ['Client'], create: 'new', api: 'cassandra-driver Client', opens: client },
  { module: 'amqplib', path: ['connect'], create: 'call', api: 'amqplib.connect', opens: connection },
  { module: 'kafkajs', path: ['Kafka'], create: 'new', api: 'kafkajs Kafka', opens: client },
  { module: 'nats', path: ['connect'], create: 'call', api: 'nats.connect', opens: connection },
  { module: '@google-cloud/storage', path: ['Storage'], create: 'new', api: 'Google Cloud Storage', opens: client },
  { module: '@google-cloud/pubsub', path: ['PubSub'], create: 'new', api: 'Google Cloud Pub/Sub', opens: client },
  { module: '@google-cloud/firestore', path: ['Firestore'], create: 'new', api: 'Firestore', opens: client },
  { module: '@azure/storage-blob', path: ['BlobServiceClient'], create: 'new', api: 'BlobServiceClient', opens: client },
  { module: '@azure/storage-blob', path: ['BlobServiceClient', 'fromConnectionString'], create: 'call', api: 'BlobServiceClient', opens: client },
];

export const CLIENT_FAMILIES: readonly ClientFamily[] = [
  // AWS SDK v3: `new S3Client()`; the aggregated `new S3()` is a client too.
  { modulePrefix: '@aws-sdk/client-', name: /^[A-Z][A-Za-z0-9]*$/, api: 'AWS SDK', opens: client },
];

/** Exports of an AWS client module that are not clients: commands, paginators, waiters, errors. */
export const FAMILY_NON_CLIENTS = /(Command|Exception|Error|ServiceException|Paginator|Waiter)$|^(paginate|waitFor|waitUntil)/;

/**
 * Calls that store what their function argument creates (`memoize(() => new Redis())`,
 * `cache.getOrCreate(key, () => new Pool())`): the creation happens once per key, not per request.
 */
export const CACHING_CALLS = /^(memoize|memo|once|lazy|singleton|cached|getOrCreate|getOrSet|getOrAdd|computeIfAbsent|ensure|remember)$/i;

/** Methods that store a value in a longer-lived collection (`pools.set(key, pool)`). */
export const STORING_METHODS: ReadonlySet<string> = new Set(['set', 'push', 'unshift', 'add', 'put', 'setItem']);
