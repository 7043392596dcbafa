// A local SMTP server for bench/digests.ts, in its own process: counts the messages it accepts
// and prints the count each time it changes by 500, and at the end.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  // No reverse DNS for each connection: there is no resolver to ask here, and a mail relay on
  // the laptop would not ask either.
  disableReverseLookup: true,
  onData(stream, _session, callback) {
    stream.resume();
    stream.on('end', () => {
      count++;
      if (count % 500 === 0) process.stdout.write(`count ${count}\n`);
      callback();
    });
  },
});
// A client that goes away mid-session resets its connection: not the sink's problem.
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${(server.server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => {
  process.stdout.write(`count ${count}\n`);
  process.exit(0);
});
