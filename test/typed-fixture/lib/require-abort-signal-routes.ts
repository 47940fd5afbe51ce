// Registers a route whose handler calls a function of the file under test: in typed mode that
// function is request-serving (reachable from a handler), though nothing in its own file says so.
import express from 'express';
import { loadForecast } from './require-abort-signal-target.js';

export const forecastRoutes = express.Router();

forecastRoutes.get('/forecast/:city', async (req, res) => {
  res.json(await loadForecast(String(req.params.city)));
});
