#!/usr/bin/env node
/** Entry point of `reference-check` (dist/cli.js); see command.ts. */
import { runCli } from './command.js';

process.exitCode = await runCli(process.argv.slice(2));
