import { connect, type Socket } from 'node:net';

/**
 * A minimal HTTP/1.1 keep-alive client for load: one request at a time per connection, the
 * answer delimited by Content-Length or chunks. Why not fetch: on this 2-core machine undici's
 * own cost capped a bare echo server near 1,000 requests a second, so the floor measured the
 * client, not the server.
 */
export class LoadConnection {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  // Requests sent and not yet answered, oldest first: a second one on a busy connection is pipelined.
  readonly #waiting: { resolve: (status: number) => void; reject: (err: Error) => void }[] = [];

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, d]) : d;
      this.#parse();
    });
    const fail = (err: Error) => {
      for (const w of this.#waiting.splice(0)) w.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static open(port: number, host = '127.0.0.1'): Promise<LoadConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => resolve(new LoadConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends one request and resolves with the answer's status once its whole body is in (HTTP/1.1 answers in order). */
  request(method: string, path: string, headers: Record<string, string>, body = ''): Promise<number> {
    const head = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', `Content-Length: ${Buffer.byteLength(body)}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #parse(): void {
    while (this.#waiting.length) {
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.#buffer.toString('latin1', 0, end);
      const status = Number(head.slice(9, 12));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      let total: number;
      if (length) {
        total = end + 4 + Number(length[1]);
        if (this.#buffer.length < total) return;
      } else {
        // Chunked: the body ends with a zero-size chunk.
        const last = this.#buffer.indexOf('\r\n0\r\n\r\n', end);
        if (last < 0) return;
        total = last + 7;
      }
      this.#buffer = this.#buffer.subarray(total);
      this.#waiting.shift()!.resolve(status);
    }
  }
}
