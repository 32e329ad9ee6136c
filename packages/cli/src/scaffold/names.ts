/** The spellings of one resource name that generated code needs. */
export interface ResourceNames {
  /** `blog_posts`: table, URL segment, scope prefix, JSON. */
  readonly plural: string;
  /** `blog_post`. */
  readonly singular: string;
  /** `blog-posts`: file and folder names, Angular routes. */
  readonly kebabPlural: string;
  /** `blog-post`. */
  readonly kebabSingular: string;
  /** `BlogPosts`. */
  readonly pascalPlural: string;
  /** `BlogPost`: type and class names. */
  readonly pascalSingular: string;
  /** `blogPosts`: variables. */
  readonly camelPlural: string;
  /** `blogPost`. */
  readonly camelSingular: string;
  /** `Blog posts`: headings and navigation. */
  readonly title: string;
  /** `blog post`: sentences ("Delete this blog post?"). */
  readonly label: string;
}

/** The singular of an English plural, for the common cases (`categories`, `boxes`, `posts`). */
export function singularOf(plural: string): string {
  if (/[^aeiou]ies$/.test(plural)) return `${plural.slice(0, -3)}y`;
  if (/(s|x|z|ch|sh)es$/.test(plural)) return plural.slice(0, -2);
  if (plural.endsWith('s') && !plural.endsWith('ss')) return plural.slice(0, -1);
  return plural;
}

function pascal(snake: string): string {
  return snake
    .split('_')
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

function camel(snake: string): string {
  const p = pascal(snake);
  return p[0]!.toLowerCase() + p.slice(1);
}

/**
 * Every spelling of a plural snake_case name.
 *
 * @example
 * ```ts
 * namesOf('blog_posts').pascalSingular; // 'BlogPost'
 * ```
 */
export function namesOf(plural: string): ResourceNames {
  const singular = singularOf(plural);
  const words = plural.replaceAll('_', ' ');
  return {
    plural,
    singular,
    kebabPlural: plural.replaceAll('_', '-'),
    kebabSingular: singular.replaceAll('_', '-'),
    pascalPlural: pascal(plural),
    pascalSingular: pascal(singular),
    camelPlural: camel(plural),
    camelSingular: camel(singular),
    title: words[0]!.toUpperCase() + words.slice(1),
    label: singular.replaceAll('_', ' '),
  };
}

/** The column and JSON name of a field: `author` of type ref is `author_id`. */
export function columnOf(field: { readonly name: string; readonly type: string }): string {
  return field.type === 'ref' ? `${field.name}_id` : field.name;
}
