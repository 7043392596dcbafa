import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';

export type ClientEnv = { Variables: { clientAddress: string } };

/**
 * Works out, once per request, which device sent it: the socket's peer address, or — when that
 * peer is a reverse proxy we were told to trust (TRUST_PROXY) — the nearest address in
 * X-Forwarded-For that is not one of those proxies. Rate limits count per this address, so one
 * tablet mistyping a code never locks out the others.
 */
export function clientAddress(trustedProxies: readonly string[] = []) {
  const trusted = new Set(trustedProxies.map(normalize));
  return createMiddleware<ClientEnv>(async (c, next) => {
    c.set('clientAddress', addressOf(c, trusted));
    await next();
  });
}

function addressOf(c: Context, trusted: Set<string>): string {
  let peer: string;
  try {
    peer = normalize(getConnInfo(c).remote.address ?? 'unknown');
  } catch {
    // app.request() in tests has no socket.
    return 'local';
  }
  if (!trusted.has(peer)) return peer;
  // Right to left: each trusted proxy appended the address it got the request from.
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => normalize(h.trim())).filter((h) => isIP(h));
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!;
  return peer;
}

/** An IPv4 address as IPv6 sockets report it ("::ffff:10.0.0.5") is the same device as "10.0.0.5". */
const normalize = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
