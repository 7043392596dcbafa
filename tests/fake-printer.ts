import { createServer, type AddressInfo } from 'node:net';

/** A listener in a Zebra printer's stead, on a real TCP socket: each job as received, once the sender closed. */
export async function fakePrinter() {
  const jobs: string[] = [];
  const server = createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => jobs.push(Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { address: `127.0.0.1:${(server.address() as AddressInfo).port}`, jobs, close: () => new Promise<void>((r) => server.close(() => r())) };
}
