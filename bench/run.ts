// `npm run bench`: prints the figures the README reports. Each benchmark is bounded and stops by itself.
import { benchRegistry } from './registry.ts';

console.log(`Node ${process.version}, ${(await import('node:os')).cpus().length} cores\n`);
await benchRegistry();
