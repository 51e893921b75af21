#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ at install time (npm's prepare script).
import('../dist/cli.js').then(
  (cli) => cli.main(),
  (error) => {
    process.stderr.write(`itstrat: cannot load the compiled CLI (${error.message}); run "npm run build" in the itstrat folder\n`);
    process.exitCode = 2;
  },
);
