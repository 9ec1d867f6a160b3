#!/usr/bin/env node
// `npm run admin -- <command>`: see `npm run admin -- help`.
import path from 'node:path';
import { ensureBuild, root } from './ensure-build.js';

process.chdir(root);
ensureBuild();
await import(path.join(root, 'build', 'cli', 'admin.js'));
