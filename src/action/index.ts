import { tuneGcForStreaming } from '../core/gc-tuning.js';
import { run } from './main.js';

tuneGcForStreaming();
await run();
