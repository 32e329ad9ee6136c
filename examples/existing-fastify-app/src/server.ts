import { readConfig } from '@tessera/server';
import { buildNotesApp } from './app.js';

// Settings from the environment (TESSERA_JWT_SECRET, DATABASE_URL, PORT, …; see Tessera's README).
const config = readConfig(process.env);
const app = await buildNotesApp({ tessera: config });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

const address = await app.listen({ host: config.host, port: config.port });
const link = await app.tessera.setupLink(config.publicUrl ?? address);
if (link !== undefined) {
  const token = new URL(link).searchParams.get('token') ?? '';
  process.stdout.write(
    `\nNo users yet. The first admin is created with this one-time link:\n\n  ${link}\n\n` +
      'This API has no web page for it; send its token to POST /api/setup:\n\n' +
      `  curl -X POST ${address}/api/setup -H 'content-type: application/json' \\\n` +
      `    -d '{"token":"${token}","email":"you@example.com","name":"You","password":"<a long passphrase>"}'\n\n`,
  );
}
