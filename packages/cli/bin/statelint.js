#!/usr/bin/env node
// The entry point stays a plain file so that the bin link exists before the first build.
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2));
