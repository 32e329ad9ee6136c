// Express 5 + jsonwebtoken: the usual hand-written bearer middleware around jwt.verify.
import express from 'express';
import jwt from 'jsonwebtoken';
import { announce, bearerToken, benchSettings, STATIC_PATH } from './common.mjs';

const { host, port, payload, secret, issuer, audience } = benchSettings();
const app = express();
app.use((request, response, next) => {
  const token = bearerToken(request.headers.authorization);
  if (token === undefined) return response.status(401).json({ message: 'Missing token' });
  try {
    request.user = jwt.verify(token, secret, { algorithms: ['HS256'], issuer, audience });
  } catch {
    return response.status(401).json({ message: 'Token is invalid' });
  }
  return next();
});
app.get(STATIC_PATH, (request, response) => response.json(payload));
const server = app.listen(port, host, () =>
  announce('express-jsonwebtoken', `http://${host}:${port}`),
);
server.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
