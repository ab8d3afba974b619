#!/usr/bin/env node
// The axvisor-image command: `npx axvisor-image ls`, or `node dist/cli/index.js ...`.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
