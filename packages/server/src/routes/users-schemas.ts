import {
  emailSchema,
  idParamsSchema,
  nameSchema,
  NO_NUL_PATTERN,
  passwordSchema,
  protectedErrorResponses,
} from '../http/schemas.js';

const security = [{ bearer: [] }];

export const listUsersSchema = {
  tags: ['users'],
  summary: 'List users (paged, searchable, sortable)',
  security,
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      page: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' },
      per_page: { type: 'string', pattern: '^([1-9]|[1-9][0-9]|100)$' },
      q: { type: 'string', maxLength: 100, pattern: NO_NUL_PATTERN },
      sort: { type: 'string', enum: ['id', 'email', 'name', 'role', 'is_enabled', 'created_at'] },
      order: { type: 'string', enum: ['asc', 'desc'] },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['users', 'total', 'page', 'per_page'],
      properties: {
        users: { type: 'array', items: { $ref: 'User#' } },
        total: { type: 'integer' },
        page: { type: 'integer' },
        per_page: { type: 'integer' },
      },
    },
    ...protectedErrorResponses,
  },
} as const;

export const createUserSchema = {
  tags: ['users'],
  summary: 'Create a user (admin); without a password, an invitation is mailed',
  description:
    'Without `password` the user gets an invitation link (valid `TESSERA_INVITATION_TTL`, 7 days by default) to choose one; `pending_invitation` is true until then.',
  security,
  body: {
    type: 'object',
    required: ['email', 'name'],
    additionalProperties: false,
    properties: {
      email: emailSchema,
      name: nameSchema,
      password: passwordSchema,
      role: { $ref: 'Role#' },
      is_enabled: { type: 'boolean' },
    },
  },
  response: { 201: { $ref: 'User#' }, ...protectedErrorResponses, 409: { $ref: 'Problem#' } },
} as const;

export const readUserSchema = {
  tags: ['users'],
  summary: 'Read a user (admin: any; user: only themself)',
  security,
  params: idParamsSchema,
  response: { 200: { $ref: 'User#' }, ...protectedErrorResponses, 404: { $ref: 'Problem#' } },
} as const;

export const updateUserSchema = {
  tags: ['users'],
  summary: 'Update a user (admin: any field; user: own name, email and password)',
  description:
    'Changing your own email or password needs `current_password`. Your own new email stays pending until the link mailed to it is used (the answer shows the current one); an admin changing another user’s email applies it at once, unverified. Only an admin may change `role` or `is_enabled`.',
  security,
  params: idParamsSchema,
  body: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      email: emailSchema,
      name: nameSchema,
      password: passwordSchema,
      role: { $ref: 'Role#' },
      is_enabled: { type: 'boolean' },
      current_password: passwordSchema,
    },
  },
  response: {
    200: { $ref: 'User#' },
    ...protectedErrorResponses,
    404: { $ref: 'Problem#' },
    409: { $ref: 'Problem#' },
  },
} as const;

export const deleteUserSchema = {
  tags: ['users'],
  summary: 'Delete a user (admin)',
  security,
  params: idParamsSchema,
  response: {
    204: { type: 'null' },
    ...protectedErrorResponses,
    404: { $ref: 'Problem#' },
    409: { $ref: 'Problem#' },
  },
} as const;
