// An Express router created in one module and given routes in another (typed mode follows it).
import express from 'express';

export const api = express.Router();
