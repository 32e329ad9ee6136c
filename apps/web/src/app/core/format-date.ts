/** Dates in the browser's language (`Intl`, no Angular locale data). */
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** An ISO 8601 timestamp as a medium date; `never` for null; the text itself if unparsable. */
export function formatDate(iso: string | null): string {
  if (iso === null) return 'never';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : DATE.format(time);
}
