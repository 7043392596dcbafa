// Runs before the tests: names any system package they need that is missing, with the line
// that installs it, instead of letting a test fail with a cryptic launch or spawn error.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const onPath = (cmd) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const needs = [
  { what: `Chromium (${chromium}), for the browser tests`, pkg: 'chromium', ok: existsSync(chromium) },
  { what: 'pdftoppm, pdftotext, pdfinfo, pdffonts, to read back badge PDFs', pkg: 'poppler-utils', ok: ['pdftoppm', 'pdftotext', 'pdfinfo', 'pdffonts'].every(onPath) },
  { what: 'zbarimg, an independent QR decoder for printed badges', pkg: 'zbar-tools', ok: onPath('zbarimg') },
  { what: 'ffmpeg, to make the fake camera video the kiosk test scans', pkg: 'ffmpeg', ok: onPath('ffmpeg') },
  { what: 'openssl, a second verifier of the local CA\'s certificates', pkg: 'openssl', ok: onPath('openssl') },
];
const missing = needs.filter((n) => !n.ok);

if (missing.length) {
  console.error('The tests need system packages that are missing:');
  for (const m of missing) console.error(`  - ${m.what}`);
  console.error(`Install them with:\n  sudo apt-get update && sudo apt-get install -y ${missing.map((m) => m.pkg).join(' ')}`);
  console.error('(Or point CHROMIUM_PATH at another Chromium build.)');
  process.exit(1);
}
