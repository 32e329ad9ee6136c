import { sql, type ColumnDataType, type Expression } from 'kysely';
import type { DatabaseEngine } from '../database.js';

/**
 * Text compared byte by byte on both engines: SQLite's default (BINARY), and `COLLATE "C"` on
 * PostgreSQL, so sorting and `lower()` (ASCII-only under C) behave the same on both. The type of
 * every text column a migration creates, unless it holds data never compared or sorted.
 */
export function text(engine: DatabaseEngine): ColumnDataType | Expression<unknown> {
  return engine === 'postgres' ? sql`text collate "C"` : 'text';
}
