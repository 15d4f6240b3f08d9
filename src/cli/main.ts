#!/usr/bin/env node
/** The `hustings` executable: runs the command and sets the exit status. */
import { run } from './run.js';

const status = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin });
// exitCode rather than exit(): stdout may still be draining into a pipe.
process.exitCode = status;
