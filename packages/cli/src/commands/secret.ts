import type { Command } from 'commander';
import { generateSecret } from '@tessera/server';

/** `tessera secret generate`: print a new random signing secret. */
export function registerSecret(program: Command): void {
  program
    .command('secret')
    .description('signing secrets')
    .command('generate')
    .description('print a new random 256-bit secret for TESSERA_JWT_SECRET')
    .action(() => {
      process.stdout.write(`${generateSecret()}\n`);
    });
}
