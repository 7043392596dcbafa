import { benchRegistry } from './registry.ts';

await benchRegistry();
