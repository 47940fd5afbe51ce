// require-graceful-shutdown: a CommonJS module that exports an Express app.
const express = require('express');

const app = express();
app.get('/ping', (req, res) => res.send('pong'));

module.exports = app;
