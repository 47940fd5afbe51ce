import path from 'node:path';
import * as espree from 'espree';
import { TYPED_FIXTURE_DIR, runRuleTests, type InvalidCase } from '../../test/rule-tester.js';

type Expected = InvalidCase['errors'][number];

const found = (messageId: 'timer' | 'cron' | 'inProcessWorker', api: string, line: number, column: number, endLine: number, endColumn: number): Expected => ({
  messageId,
  data: { api },
  line,
  column,
  endLine,
  endColumn,
});

/** Typed cases lint a module that a web server imports, or one that only a worker imports. */
const SERVED_MODULE = path.join(TYPED_FIXTURE_DIR, 'lib', 'no-local-scheduler-jobs.ts');
const WORKER_MODULE = path.join(TYPED_FIXTURE_DIR, 'lib', 'no-local-scheduler-worker-jobs.ts');

const SERVER = `import express from 'express';\nconst app = express();\n`;
const LISTEN = `\napp.listen(3000);`;

runRuleTests('no-local-scheduler', {
  valid: [
    // Per-process housekeeping: no I/O, or unref()'d.
    `${SERVER}const cache = new Map();\nsetInterval(() => cache.clear(), 60_000);${LISTEN}`,
    `${SERVER}setInterval(() => { void fetch('https://metrics.internal/flush', { method: 'POST' }); }, 10_000).unref();${LISTEN}`,
    `${SERVER}const flush = setInterval(async () => { await fetch('https://metrics.internal/flush'); }, 10_000);\nflush.unref();${LISTEN}`,
    // Timers inside a request, or per connection.
    `${SERVER}app.get('/report', (req, res) => { const t = setInterval(() => fetch('https://x'), 1000); res.on('close', () => clearInterval(t)); });${LISTEN}`,
    `import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (ws) => { setInterval(async () => { await fetch('https://x'); ws.ping(); }, 30_000); });\nwss.on('listening', () => {});\nconst server = { listen() {} }; server.listen();`,
    // Refreshing this process's own copy is per-replica by nature (no-module-state reports the copy).
    `${SERVER}let rates: unknown = {};\nsetInterval(async () => { rates = await (await fetch('https://rates.example.com')).json(); }, 60_000);${LISTEN}`,
    // A job that takes a distributed lock runs once.
    `${SERVER}import cron from 'node-cron';\nimport Redis from 'ioredis';\nimport Redlock from 'redlock';\nconst redlock = new Redlock([new Redis()]);\ncron.schedule('0 3 * * *', async () => { await redlock.using(['digest'], 60_000, async () => { await fetch('https://mail'); }); });${LISTEN}`,
    `${SERVER}import cron from 'node-cron';\nimport { Pool } from 'pg';\nconst pool = new Pool();\ncron.schedule('*/5 * * * *', async () => { const { rows } = await pool.query('SELECT pg_try_advisory_lock(42) AS ok'); if (rows[0].ok) await pool.query('DELETE FROM sessions'); });${LISTEN}`,
    // A cron job whose code only touches this process's memory.
    `${SERVER}import cron from 'node-cron';\nconst seen = new Set<string>();\ncron.schedule('* * * * *', () => { seen.clear(); });${LISTEN}`,
    // A one-shot timer is not a loop; a job function this file cannot see is not guessed (untyped).
    `${SERVER}setTimeout(() => fetch('https://warmup.internal'), 1000);${LISTEN}`,
    { mode: 'untyped', code: `${SERVER}import { purgeExpiredSessions } from './lib/no-local-scheduler-tasks';\nsetInterval(purgeExpiredSessions, 60_000);${LISTEN}` },
    // Not start-up code: a method or exported function called from elsewhere.
    `${SERVER}import { Pool } from 'pg';\nconst pool = new Pool();\nexport function startSweeper() { setInterval(() => pool.query('DELETE FROM x'), 1000); }${LISTEN}`,
    // A scheduler created per request (a reminder a user asked for) is not a replica-wide job.
    `${SERVER}import schedule from 'node-schedule';\napp.post('/reminders', (req, res) => { schedule.scheduleJob(new Date(req.body.at), () => fetch('https://mail')); res.end(); });${LISTEN}`,
    // Untyped mode sees one file: schedulers in a module that does not itself start a server.
    `import cron from 'node-cron';\nimport { sendDigest } from './digest';\ncron.schedule('0 8 * * *', sendDigest);`,
    `import { Pool } from 'pg';\nconst pool = new Pool();\nsetInterval(() => pool.query('DELETE FROM sessions WHERE expires < now()'), 60_000);`,
    `import { Injectable } from '@nestjs/common';\nimport { Cron } from '@nestjs/schedule';\n@Injectable()\nexport class Tasks { @Cron('0 * * * *') async purge() { await fetch('https://x'); } }`,
    // Typed mode: a module only a worker imports.
    { mode: 'typed', filename: WORKER_MODULE, code: `import cron from 'node-cron';\nimport { purgeExpiredSessions } from './no-local-scheduler-tasks.js';\ncron.schedule('0 * * * *', purgeExpiredSessions);\nsetInterval(purgeExpiredSessions, 60_000);` },
    // Typed mode: a job function that returns no promise does no shared work as far as types tell.
    { mode: 'typed', filename: SERVED_MODULE, code: `import { rotateLocalBuffer } from './no-local-scheduler-tasks.js';\nsetInterval(rotateLocalBuffer, 1000);` },
    // A switch decides which replica runs the jobs (NodeBB's runJobs, ENABLE_CRON, leader election).
    `${SERVER}import { CronJob } from 'cron';\ndeclare const nconf: { get(k: string): unknown };\nexport function addJob(onTick: () => Promise<void>) {\n  const isJobEnabled = nconf.get('runJobs');\n  if (!isJobEnabled) return;\n  return new CronJob('0 * * * *', onTick, null, true);\n}${LISTEN}`,
    `${SERVER}import cron from 'node-cron';\nif (process.env.ENABLE_CRON === 'true') {\n  cron.schedule('0 3 * * *', async () => { await fetch('https://x'); });\n}${LISTEN}`,
    `${SERVER}import { Pool } from 'pg';\nconst pool = new Pool();\ndeclare const election: { isLeader(): boolean };\nelection.isLeader() && setInterval(() => pool.query('DELETE FROM x'), 1000);${LISTEN}`,
    // A croner job that only validates its pattern (an empty job).
    `${SERVER}import { Cron } from 'croner';\nexport function validate(pattern: string) { new Cron(pattern, () => {}).stop(); }${LISTEN}`,
    // Agenda coordinates through MongoDB: reported only with inProcessWorkers.
    `${SERVER}import Agenda from 'agenda';\nconst agenda = new Agenda({ db: { address: 'mongodb://db/agenda' } });\nvoid agenda.start();${LISTEN}`,
    // Not the timers: shadowed names.
    `${SERVER}const setInterval = (f: () => Promise<unknown>) => f();\nsetInterval(() => fetch('https://x'));${LISTEN}`,
    // Suppressed with a reason.
    `${SERVER}import cron from 'node-cron';\n// statelint-disable-next-line no-local-scheduler -- deployed with replicas: 1\ncron.schedule('0 3 * * *', async () => { await fetch('https://x'); });${LISTEN}`,
    // Plain JavaScript.
    {
      code: `const express = require('express');\nconst app = express();\nconst seen = new Map();\nsetInterval(() => seen.clear(), 1000);\napp.listen(3000);`,
      languageOptions: { parser: espree as never },
    },
  ],
  invalid: [
    // Module level, in the file that starts the server.
    {
      code: `${SERVER}import { Pool } from 'pg';\nconst pool = new Pool();\nsetInterval(async () => {\n  await pool.query('DELETE FROM sessions WHERE expires < now()');\n}, 60_000);${LISTEN}`,
      errors: [found('timer', 'setInterval', 5, 1, 7, 11)],
    },
    {
      code: `import http from 'node:http';\nimport Redis from 'ioredis';\nconst redis = new Redis();\nsetInterval(() => redis.del('presence:stale'), 5_000);\nhttp.createServer((req, res) => res.end()).listen(8080);`,
      errors: [found('timer', 'setInterval', 4, 1, 4, 54)],
    },
    {
      code: `${SERVER}import axios from 'axios';\nsetInterval(() => axios.post('https://hooks.example.com/digest'), 3_600_000);${LISTEN}`,
      errors: [found('timer', 'setInterval', 4, 1, 4, 77)],
    },
    {
      code: `import { setInterval } from 'node:timers';\nimport http from 'node:http';\nsetInterval(() => fetch('https://status.example.com/ping', { method: 'POST' }), 30_000);\nhttp.createServer(() => {}).listen(3000);`,
      errors: [found('timer', 'setInterval', 3, 1, 3, 88)],
    },
    {
      code: `${SERVER}import { Pool } from 'pg';\nconst pool = new Pool();\nasync function expireTrials() {\n  await pool.query("UPDATE accounts SET plan = 'free' WHERE trial_ends < now()");\n}\nsetInterval(expireTrials, 3_600_000);${LISTEN}`,
      errors: [found('timer', 'setInterval', 8, 1, 8, 37)],
    },
    // Start-up code: main(), an IIFE, a listen callback, a then() after connecting.
    {
      code: `${SERVER}async function main() {\n  setInterval(async () => { await fetch('https://billing/sync'); }, 60_000);\n  app.listen(3000);\n}\nmain();`,
      errors: [found('timer', 'setInterval', 4, 3, 4, 76)],
    },
    {
      code: `${SERVER}(async () => {\n  setInterval(async () => { await fetch('https://x'); }, 1000);\n})();${LISTEN}`,
      errors: [found('timer', 'setInterval', 4, 3, 4, 63)],
    },
    {
      code: `${SERVER}app.listen(3000, () => {\n  setInterval(() => fetch('https://x').then((r) => r.text()), 1000);\n});`,
      errors: [found('timer', 'setInterval', 4, 3, 4, 68)],
    },
    {
      code: `${SERVER}import mongoose from 'mongoose';\nmongoose.connect('mongodb://db').then(() => {\n  setInterval(() => mongoose.connection.db!.collection('locks').deleteMany({}), 1000);\n  app.listen(3000);\n});`,
      errors: [found('timer', 'setInterval', 5, 3, 5, 86)],
    },
    // setTimeout loops.
    {
      code: `${SERVER}import { Pool } from 'pg';\nconst pool = new Pool();\nfunction poll() {\n  pool.query('UPDATE jobs SET state = 1').finally(() => setTimeout(poll, 5000));\n}\npoll();${LISTEN}`,
      errors: [found('timer', 'setTimeout(poll)', 6, 57, 6, 79)],
    },
    {
      code: `${SERVER}const loop = async () => {\n  await fetch('https://queue/pull');\n  setTimeout(() => void loop(), 1000);\n};\nvoid loop();${LISTEN}`,
      errors: [found('timer', 'setTimeout(loop)', 5, 3, 5, 38)],
    },
    // Cron libraries.
    {
      code: `${SERVER}import cron from 'node-cron';\nimport { Pool } from 'pg';\nconst pool = new Pool();\ncron.schedule('0 3 * * *', async () => {\n  await pool.query('DELETE FROM audit_log WHERE at < now() - interval 90 day');\n});${LISTEN}`,
      errors: [found('cron', 'cron.schedule', 6, 1, 8, 3)],
    },
    {
      code: `${SERVER}import * as cron from 'node-cron';\nimport { sendDigest } from './digest';\ncron.schedule('0 8 * * *', sendDigest);${LISTEN}`,
      errors: [found('cron', 'cron.schedule', 5, 1, 5, 39)],
    },
    {
      code: `${SERVER}import { CronJob } from 'cron';\nimport { sendDigest } from './digest';\nnew CronJob('0 8 * * *', sendDigest, null, true);\nCronJob.from({ cronTime: '0 9 * * *', onTick: sendDigest, start: true });${LISTEN}`,
      errors: [found('cron', 'new CronJob', 5, 1, 5, 49), found('cron', 'CronJob.from', 6, 1, 6, 73)],
    },
    {
      code: `const schedule = require('node-schedule');\nconst { sendDigest } = require('./digest');\nschedule.scheduleJob('0 8 * * *', sendDigest);\nrequire('http').createServer(() => {}).listen(3000);`,
      errors: [found('cron', 'schedule.scheduleJob', 3, 1, 3, 46)],
    },
    {
      code: `${SERVER}import { ToadScheduler, SimpleIntervalJob, AsyncTask } from 'toad-scheduler';\nimport { sendDigest } from './digest';\nconst scheduler = new ToadScheduler();\nscheduler.addSimpleIntervalJob(new SimpleIntervalJob({ hours: 1 }, new AsyncTask('digest', sendDigest)));${LISTEN}`,
      errors: [found('cron', 'new SimpleIntervalJob', 6, 32, 6, 104)],
    },
    {
      code: `${SERVER}import Bree from 'bree';\nconst bree = new Bree({ jobs: [{ name: 'digest', interval: '1h' }] });\nvoid bree.start();${LISTEN}`,
      errors: [found('cron', 'new Bree', 4, 14, 4, 70)],
    },
    {
      code: `const Cron = require('croner');\nconst { clearOldData } = require('./jobs/clear-old-data');\nasync function initBackgroundJobs() {\n  new Cron('14 03 * * *', { name: 'clear-old-data' }, clearOldData);\n}\nrequire('http').createServer(() => {}).listen(3001, () => initBackgroundJobs());`,
      errors: [found('cron', 'new Cron', 4, 3, 4, 68)],
    },
    // NestJS: the schedule decorators and start-up hooks, in the file that creates the app.
    {
      code: `import { Injectable, Module } from '@nestjs/common';\nimport { NestFactory } from '@nestjs/core';\nimport { Cron, Interval } from '@nestjs/schedule';\ndeclare const repo: { delete(q: object): Promise<void> };\n@Injectable()\nclass Tasks {\n  @Cron('0 * * * *') async purge() { await repo.delete({}); }\n  @Interval(60_000) async sync() { await fetch('https://x'); }\n}\n@Module({ providers: [Tasks] })\nclass AppModule {}\nNestFactory.create(AppModule).then((app) => app.listen(3000));`,
      errors: [found('cron', '@Cron', 7, 3, 7, 21), found('cron', '@Interval', 8, 3, 8, 20)],
    },
    {
      code: `import { Injectable, OnModuleInit } from '@nestjs/common';\nimport { NestFactory } from '@nestjs/core';\ndeclare const repo: { delete(q: object): Promise<void> };\n@Injectable()\nexport class Sweeper implements OnModuleInit {\n  onModuleInit() { setInterval(() => this.sweep(), 60_000); }\n  private async sweep() { await repo.delete({ expired: true }); }\n}\nexport const start = () => NestFactory.create(Sweeper).then((app) => app.listen(3000));`,
      errors: [found('timer', 'setInterval', 6, 20, 6, 59)],
    },
    // inProcessWorkers: Agenda started in the web process.
    {
      code: `${SERVER}import Agenda from 'agenda';\nconst agenda = new Agenda({ db: { address: 'mongodb://db/agenda' } });\nvoid agenda.start();${LISTEN}`,
      options: [{ inProcessWorkers: true }],
      errors: [found('inProcessWorker', 'agenda.start', 5, 6, 5, 20)],
    },
    // Plain JavaScript through espree.
    {
      code: `const express = require('express');\nconst app = express();\nsetInterval(async () => { await fetch('https://x'); }, 1000);\napp.listen(3000);`,
      languageOptions: { parser: espree as never },
      errors: [found('timer', 'setInterval', 3, 1, 3, 61)],
    },
    // Typed mode: a module a web server imports.
    {
      mode: 'typed',
      filename: SERVED_MODULE,
      code: `import cron from 'node-cron';\nimport { sendDigest } from './digest';\ncron.schedule('0 8 * * *', sendDigest);`,
      errors: [found('cron', 'cron.schedule', 3, 1, 3, 39)],
    },
    {
      mode: 'typed',
      filename: SERVED_MODULE,
      code: `import { purgeExpiredSessions } from './no-local-scheduler-tasks.js';\nsetInterval(purgeExpiredSessions, 60_000);`,
      errors: [found('timer', 'setInterval', 2, 1, 2, 42)],
    },
    {
      mode: 'typed',
      filename: SERVED_MODULE,
      code: `import { Injectable } from '@nestjs/common';\nimport { Cron } from '@nestjs/schedule';\n@Injectable()\nexport class Tasks { @Cron('0 * * * *') async purge() { await fetch('https://x'); } }`,
      errors: [found('cron', '@Cron', 4, 22, 4, 40)],
    },
  ],
});
