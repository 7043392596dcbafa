import { buildUi, ASSETS_DIR } from '../server/ui-build.ts';

await buildUi();
console.log(`Built the pages into ${ASSETS_DIR}`);
