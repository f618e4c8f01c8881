/**
 * The baselines, each run in its own process like the server under test:
 * - `raw`: `node:http` answering a fixed JSON body (the ceiling of the machine for this load);
 * - `fastify`: Fastify answering the same body from a route (what the framework costs).
 * Usage: node --import tsx bench/baseline-server.ts raw|fastify <port>; prints `listening <port>`.
 */
import Fastify from 'fastify';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BASELINE_BODY } from './baseline-body.ts';

const [kind, portText] = process.argv.slice(2);
const port = Number(portText ?? 0);
const body = JSON.stringify(BASELINE_BODY);

if (kind === 'raw') {
  const length = String(Buffer.byteLength(body));
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': length });
    res.end(body);
  });
  server.listen(port, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
} else if (kind === 'fastify') {
  const app = Fastify({ logger: false });
  app.get('/bundle', async (_request, reply) => reply.type('application/json').send(body));
  await app.listen({ port, host: '127.0.0.1' });
  console.log(`listening ${(app.server.address() as AddressInfo).port}`);
} else {
  console.error('usage: baseline-server.ts raw|fastify <port>');
  process.exit(2);
}
