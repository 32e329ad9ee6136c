import { ROLES, type Role } from '@tessera/protocol';
import {
  AccountTokens,
  accountLink,
  assertAcceptablePassword,
  linkBase,
  PasswordHasher,
  type UserRecord,
  type UserSummary,
  type UserStore,
} from '@tessera/server';
import { Option, type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { withUserStore } from '../context.js';
import { readPasswordFromStdin } from '../read-password.js';

async function findUser(users: UserStore, idOrEmail: string): Promise<UserRecord> {
  const user = /^[1-9][0-9]{0,15}$/.test(idOrEmail)
    ? await users.findById(Number(idOrEmail))
    : await users.findByEmail(idOrEmail);
  if (user === undefined) throw new CliError(`no user ${idOrEmail}`);
  return user;
}

function describe(user: UserSummary): string {
  return `${user.id}\t${user.email}\t${user.name}\t${user.role}\t${user.isEnabled ? 'enabled' : 'disabled'}`;
}

/** `tessera user create|list|disable|reset-link|delete`. */
export function registerUser(program: Command): void {
  const user = program.command('user').description('manage users');

  user
    .command('create')
    .description('create a user; the password is read from standard input')
    .requiredOption('--email <email>', 'email address (login name)')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).default('user'))
    .action(async (options: { email: string; name: string; role: Role }) => {
      const password = await readPasswordFromStdin();
      assertAcceptablePassword(password);
      const hasher = new PasswordHasher({ concurrency: 1, queueLimit: 0 });
      await withUserStore(async (users) => {
        const created = await users.create({
          email: options.email,
          name: options.name,
          role: options.role,
          isEnabled: true,
          passwordHash: await hasher.hash(password),
        });
        process.stdout.write(`Created user ${created.id} ${created.email} (${created.role})\n`);
      });
    });

  user
    .command('list')
    .description('list users (id, email, name, role, state)')
    .action(() =>
      withUserStore(async (users) => {
        const { users: rows } = await users.list({
          page: 1,
          perPage: 100_000,
          sort: 'id',
          order: 'asc',
        });
        process.stdout.write(rows.map((row) => `${describe(row)}\n`).join('') || 'No users\n');
      }),
    );

  user
    .command('disable')
    .description('disable a user (their tokens stop working at once)')
    .argument('<user>', 'id or email')
    .action((idOrEmail: string) =>
      withUserStore(async (users) => {
        const target = await findUser(users, idOrEmail);
        await users.update(target.id, { isEnabled: false });
        process.stdout.write(`Disabled user ${target.id} ${target.email}\n`);
      }),
    );

  user
    .command('reset-link')
    .description(
      'print a one-time password-reset link for a user (TESSERA_RESET_TTL; older links stop working)',
    )
    .argument('<user>', 'id or email')
    .action((idOrEmail: string) =>
      withUserStore(async (users, config, database) => {
        const target = await findUser(users, idOrEmail);
        if (!target.isEnabled) throw new CliError(`user ${target.email} is disabled`);
        const tokens = new AccountTokens(database, () => Date.now() / 1000);
        const token = await tokens.issue(target.id, 'reset', config.resetTtlSeconds);
        process.stdout.write(`${accountLink(linkBase(config), 'reset-password', token)}\n`);
      }),
    );

  user
    .command('delete')
    .description('delete a user')
    .argument('<user>', 'id or email')
    .action((idOrEmail: string) =>
      withUserStore(async (users) => {
        const target = await findUser(users, idOrEmail);
        await users.delete(target.id);
        process.stdout.write(`Deleted user ${target.id} ${target.email}\n`);
      }),
    );
}
