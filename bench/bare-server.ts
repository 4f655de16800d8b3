import { createServer } from 'node:http';

/**
 * The ceiling the benchmark measures servers against: node:http answering every
 * request with the same 1 KB body, doing nothing else. Run: bare-server.ts PORT.
 */
const BODY = Buffer.from(JSON.stringify({ Item: { id: { S: 'k' }, payload: { S: 'x'.repeat(1000) } } }));
const port = Number(process.argv[2]);

const server = createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': BODY.length });
    response.end(BODY);
  });
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
