// require-graceful-shutdown: a module that starts the API server and exports it.
import http from 'node:http';

export const server = http.createServer((_req, res) => res.end('ok'));
