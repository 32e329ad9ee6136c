// node:http + fast-jwt (createVerifier once, no cache): the bare-metal Node stack.
import { createServer } from 'node:http';
import { createVerifier } from 'fast-jwt';
import { announce, bearerToken, benchSettings, STATIC_PATH } from './common.mjs';

const { host, port, payload, secret, issuer, audience } = benchSettings();
const verify = createVerifier({
  key: secret,
  algorithms: ['HS256'],
  allowedIss: issuer,
  allowedAud: audience,
});
const server = createServer((request, response) => {
  if (request.method !== 'GET' || request.url !== STATIC_PATH) {
    response.writeHead(404).end();
    return;
  }
  try {
    request.user = verify(bearerToken(request.headers.authorization) ?? '');
  } catch {
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end('{"message":"Token is invalid"}');
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(payload));
});
server.listen(port, host, () => announce('node-fast-jwt', `http://${host}:${port}`));
