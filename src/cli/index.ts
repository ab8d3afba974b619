#!/usr/bin/env node
// The axvisor-image command: `npx axvisor-image ls`, or `node dist/cli/index.js ...`.
import { tuneGcForStreaming } from '../core/gc-tuning.js';
import { main } from './main.js';

tuneGcForStreaming();

process.exitCode = await main(process.argv.slice(2));
