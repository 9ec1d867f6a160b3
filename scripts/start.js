#!/usr/bin/env node
// `npm start`: builds the app if the build is missing or older than the sources, then serves it.
// The server opens the database (PGlite in ./data, or DATABASE_URL), applies the migrations, seeds the
// demo organisation on an empty database (unless SEED_DEMO=false) and prints the address and logins.
import { ensureBuild, root } from './ensure-build.js';

process.chdir(root);
ensureBuild({ force: process.argv.includes('--build') });
if (process.argv.includes('--build-only')) process.exit(0);
await import('./serve.js');
