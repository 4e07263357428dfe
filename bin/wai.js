#!/usr/bin/env node
// The compiled CLI; `npm install` builds it (the `prepare` script).
// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (error) => { if (error.code === 'EPIPE') process.exit(0); else throw error; });
import('../dist/src/cli/main.js').then((cli) => cli.main(process.argv.slice(2))).then(
  (code) => { if (typeof code === 'number') process.exitCode = code; },
  (error) => { console.error(error instanceof Error ? error.message : error); process.exitCode = 1; },
);
