import { buildUi } from '../server/ui-build.ts';

// Build the pages once before any test file starts a server, so parallel files never race to
// rebuild kiosk/dist while another serves it.
export default async function setup(): Promise<void> {
  await buildUi();
}
