import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli-error.js';
import { checkResourceName, parseFields } from '../../src/scaffold/parse-fields.js';

const known = new Set(['users', 'posts']);

function refusal(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('scaffold field syntax', () => {
  it('reads every type, optional marks, enum values and ref targets', () => {
    const fields = parseFields(
      [
        'title:string',
        'body:text?',
        'views:integer?',
        'price:decimal',
        'done:boolean',
        'on:date?',
        'at:datetime',
        'mail:email',
        'site:url?',
        'status:enum(draft|published)',
        'author:ref(users)',
        'post:ref(posts)?',
      ],
      known,
      'comments',
    );
    expect(fields.map((field) => [field.name, field.type, field.optional])).toEqual([
      ['title', 'string', false],
      ['body', 'text', true],
      ['views', 'integer', true],
      ['price', 'decimal', false],
      ['done', 'boolean', false],
      ['on', 'date', true],
      ['at', 'datetime', false],
      ['mail', 'email', false],
      ['site', 'url', true],
      ['status', 'enum', false],
      ['author', 'ref', false],
      ['post', 'ref', true],
    ]);
    expect(fields[9]?.values).toEqual(['draft', 'published']);
    expect(fields[10]?.target).toBe('users');
  });

  it.each([
    [['title:strnig'], 'unknown type "strnig"'],
    [['Title:string'], 'not a valid field name'],
    [['id:integer'], '"id" is reserved'],
    [['created_at:datetime'], 'reserved'],
    [['title:string', 'title:text'], 'given twice'],
    [['author:ref(users)', 'author_id:integer'], 'given twice'],
    [['post:ref(articles)'], 'ref(articles) names no resource'],
    [['status:enum()'], 'enum values must be lower-case words'],
    [['status:enum(a|a)'], 'enum values repeat'],
    [['title'], 'is not a field'],
    [[], 'at least one field'],
  ])('refuses %j with one clear line and exit code 2', (args, message) => {
    const error = refusal(() => parseFields(args, known, 'comments'));
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('\n');
    expect(error.exitCode).toBe(2);
  });

  it('refuses a ref of a resource to itself', () => {
    expect(refusal(() => parseFields(['parent:ref(posts)'], known, 'posts')).message).toContain(
      'cannot refer to itself',
    );
  });

  it.each([
    ['Posts', 'not a valid resource name'],
    ['post', 'must be a plural name'],
    ['users', 'reserved'],
    ['sessions', 'reserved'],
    ['tessera_things', 'reserved'],
    ['9lives', 'not a valid resource name'],
    ['blog-posts', 'not a valid resource name'],
  ])('refuses the resource name %j', (name, message) => {
    const error = refusal(() => checkResourceName(name));
    expect(error.message).toContain(message);
    expect(error.exitCode).toBe(2);
  });
});
