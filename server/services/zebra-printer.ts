import { connect } from 'node:net';
import { AppError } from '../errors.ts';

/** A printer on the LAN as staff write it: a host name or IPv4 address, perhaps with a port. */
const TARGET = /^(?<host>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::(?<port>\d{1,5}))?$/;

/** Zebra printers take raw ZPL on this TCP port. */
export const ZEBRA_PORT = 9100;

/**
 * Reads "192.168.1.50" or "zebra-desk.local:9100"; throws a 400 naming the expected form
 * otherwise (the desk types it once, and a typo should say so rather than hang).
 *
 * @example
 * parsePrinter('192.168.1.50') // { host: '192.168.1.50', port: 9100 }
 */
export function parsePrinter(target: string): { host: string; port: number } {
  const m = TARGET.exec(target.trim());
  const port = Number(m?.groups?.port ?? ZEBRA_PORT);
  if (!m || port < 1 || port > 65_535) {
    throw new AppError(400, 'invalid_printer', `"${target}" is not a printer address: give its IP address or name, like 192.168.1.50 or 192.168.1.50:9100.`);
  }
  return { host: m.groups!.host!, port };
}

/**
 * Sends ZPL to a Zebra printer's raw port, failing within `timeoutMs`. The printer prints what
 * arrives; it answers nothing, so "sent" is all there is to know.
 */
export function sendToPrinter(target: string, zpl: string, timeoutMs = 10_000): Promise<void> {
  const { host, port } = parsePrinter(target);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: timeoutMs }, () => socket.end(zpl, () => resolve()));
    socket.on('timeout', () => socket.destroy(new AppError(409, 'printer_unreachable', `The printer at ${target} did not answer within ${timeoutMs / 1000} s.`)));
    socket.on('error', (err) =>
      reject(err instanceof AppError ? err : new AppError(409, 'printer_unreachable', `Cannot send to the printer at ${target}: ${err.message}. Is it on and on this network?`)),
    );
  });
}
