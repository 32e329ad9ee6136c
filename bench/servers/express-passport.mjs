// Express 5 + passport + passport-jwt, sessions off: the tutorial-style Express stack.
import express from 'express';
import passport from 'passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { announce, benchSettings, STATIC_PATH } from './common.mjs';

const { host, port, payload, secret, issuer, audience } = benchSettings();
passport.use(
  new Strategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: secret,
      algorithms: ['HS256'],
      issuer,
      audience,
    },
    (claims, done) => done(null, { id: claims.sub }),
  ),
);
const app = express();
app.use(passport.initialize());
app.get(STATIC_PATH, passport.authenticate('jwt', { session: false }), (request, response) =>
  response.json(payload),
);
const server = app.listen(port, host, () => announce('express-passport', `http://${host}:${port}`));
server.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
