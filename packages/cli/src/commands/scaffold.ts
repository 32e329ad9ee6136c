import { CommanderError, type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { BAD_INPUT } from '../scaffold/parse-fields.js';

const HELP = `
Field types: string (at most 255), text, integer, decimal, boolean, date, datetime, email, url,
enum(a|b|c), ref(<plural-name>) (belongs to another resource or to users: a foreign key).
A trailing ? makes a field optional. Quote fields with ( | ? for your shell.

Examples:
  npx tessera scaffold posts title:string 'body:text?' 'status:enum(draft|published)' 'published_on:date?' 'author:ref(users)' --owned
  npx tessera scaffold comments body:text 'post:ref(posts)'
  npx tessera scaffold posts title:string ... 'views:integer?'     (again, changed: a new migration)
  npx tessera scaffold remove comments

Exit codes: 0 done; 1 files edited by hand were left alone (see CONFLICT; --force overwrites);
2 refused (bad input, nothing written).`;

/** `tessera scaffold`: generate (or remove) a protected resource with its pages and tests. */
export function registerScaffold(program: Command): void {
  program
    .command('scaffold')
    .description(
      'generate a protected resource: migration, store, routes, scopes, Angular pages, tests',
    )
    .argument('<plural-name>', 'the resource (plural, snake_case), or "remove"')
    .argument('[fields...]', '<field>:<type>[?] …, or the resource to remove')
    .option('--owned', 'each record belongs to the user who created it')
    .option('--dry-run', 'print every file it would create or change, with a diff; write nothing')
    .option('--force', 'overwrite generated files edited by hand')
    .addHelpText('after', HELP)
    .action(
      async (
        name: string,
        fields: string[],
        flags: { owned?: boolean; dryRun?: boolean; force?: boolean },
      ) => {
        const options = {
          root: process.cwd(),
          dryRun: flags.dryRun === true,
          force: flags.force === true,
          out: (line: string) => process.stdout.write(`${line}\n`),
        };
        // Loaded when it runs: its ~40 modules (and `diff`) took 40 to 90 ms of every command's
        // start, `tessera serve` included.
        const { removeResource, scaffoldResource } =
          await import('../scaffold/scaffold-commands.js');
        let code: number;
        if (name === 'remove') {
          if (fields.length !== 1)
            throw new CliError('usage: tessera scaffold remove <plural-name>', BAD_INPUT);
          code = await removeResource(fields[0] ?? '', options);
        } else {
          code = await scaffoldResource(name, fields, flags.owned === true, options);
        }
        // The report is printed already: end with the code alone.
        if (code !== 0) throw new CommanderError(code, 'tessera.scaffold', '');
      },
    );
}
