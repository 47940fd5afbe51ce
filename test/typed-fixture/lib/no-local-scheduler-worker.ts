// A worker entry point: it runs the scheduler module and serves no requests.
import './no-local-scheduler-worker-jobs.js';

process.once('SIGTERM', () => process.exit(0));
