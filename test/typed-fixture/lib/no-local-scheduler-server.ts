// A web service entry point: it imports the scheduler module and listens. no-local-scheduler's typed
// cases lint `no-local-scheduler-jobs.ts` (their code replaces its content), which this file loads.
import http from 'node:http';
import './no-local-scheduler-jobs.js';

http.createServer((_req, res) => res.end('ok')).listen(Number(process.env.PORT ?? 3000));
