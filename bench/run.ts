// `npm run bench`: prints the figures the README reports. Each benchmark runs in its own process
// (so its peak memory is its own), is bounded, and stops by itself.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

console.log(`Node ${process.version}, ${cpus().length} cores\n`);
for (const script of ['registry-main.ts', 'exchanges.ts', 'kiosk-latency.ts', 'talking-points.ts', 'digests.ts', 'badges-pdf.ts', 'csv-import.ts', 'backup-restore.ts', 'kiosk-camera.ts']) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', new URL(script, import.meta.url).pathname], { stdio: 'inherit', timeout: 300_000 });
  if (run.status !== 0) process.exitCode = 1;
  console.log();
}
