import { Command } from 'commander';
import { registerMigrate } from './commands/migrate.js';
import { registerScaffold } from './commands/scaffold.js';
import { registerSecret } from './commands/secret.js';
import { registerServe } from './commands/serve.js';
import { registerKeys } from './commands/keys.js';
import { registerUser } from './commands/user.js';

/** The `tessera` command line. */
export function createProgram(): Command {
  const program = new Command('tessera')
    .description('Tessera: JWT authentication server')
    .showHelpAfterError()
    .exitOverride();
  registerServe(program);
  registerMigrate(program);
  registerSecret(program);
  registerUser(program);
  registerKeys(program);
  registerScaffold(program);
  return program;
}
