// Runs before the tests: names any system package they need that is missing, with the line
// that installs it, instead of letting a browser test fail with a cryptic launch error.
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = [];
if (!existsSync(chromium)) missing.push({ what: `Chromium (${chromium})`, pkg: 'chromium' });

if (missing.length) {
  console.error('The tests need system packages that are missing:');
  for (const m of missing) console.error(`  - ${m.what}`);
  console.error(`Install them with:\n  sudo apt-get update && sudo apt-get install -y ${missing.map((m) => m.pkg).join(' ')}`);
  console.error('(Or point CHROMIUM_PATH at another Chromium build.)');
  process.exit(1);
}
