#!/usr/bin/env node
/** The `hustings` executable: runs the command and sets the exit status. */
import { hustings } from './hustings.js';

const status = await hustings(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin });
// exitCode rather than exit(): stdout may still be draining into a pipe.
process.exitCode = status;
