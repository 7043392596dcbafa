// `npm run bench`: prints the figures the README reports. Each benchmark runs in its own process
// (so its peak memory is its own), is bounded, and stops by itself. At the end, the figures that
// have a floor measured in the same run (issue 14) are printed again, side by side.
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';

const SCRIPTS = ['registry-main.ts', 'store.ts', 'memory-at-rest.ts', 'exchanges.ts', 'kiosk-latency.ts', 'talking-points.ts', 'suggestions.ts', 'dashboard-exports.ts', 'digests.ts', 'badges-pdf.ts', 'csv-import.ts', 'backup-restore.ts', 'kiosk-camera.ts'];
const TIMEOUT_MS = 300_000;
// Two servers watched for two minutes each after their start.
const TIMEOUTS: Record<string, number> = { 'memory-at-rest.ts': 480_000 };

console.log(`Node ${process.version}, ${cpus().length} cores\n`);
const againstFloor: string[] = [];
for (const script of SCRIPTS) {
  const lines: string[] = [];
  const status = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', new URL(script, import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
    // SIGTERM first: the exchange bench stops its servers on it.
    const timer = setTimeout(() => child.kill('SIGTERM'), TIMEOUTS[script] ?? TIMEOUT_MS);
    let rest = '';
    child.stdout.on('data', (d: Buffer) => {
      process.stdout.write(d);
      const text = rest + String(d);
      const parts = text.split('\n');
      rest = parts.pop()!;
      lines.push(...parts);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (rest) lines.push(rest);
      resolve(code);
    });
  });
  if (status !== 0) process.exitCode = 1;
  // The first line names the figure; the lines with a floor give it and the ratio.
  const withFloor = lines.slice(1).filter((l) => /floor|ratio|capacity|CPU/.test(l));
  if (withFloor.length) againstFloor.push(lines[0]!, ...withFloor);
  console.log();
}
if (againstFloor.length) {
  console.log('Against their floors, measured in the same run:');
  for (const line of againstFloor) console.log(line.startsWith(' ') ? line : `  ${line}`);
}
