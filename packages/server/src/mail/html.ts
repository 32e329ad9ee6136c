const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML content and quoted attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<b>"Ada"</b>'); // '&lt;b&gt;&quot;Ada&quot;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** The parts of one message: paragraphs of plain text and an optional action link. */
export interface MailContent {
  readonly subject: string;
  readonly greeting: string;
  readonly paragraphs: readonly string[];
  readonly action?: { readonly label: string; readonly url: string };
  /** Said after the action (how long the link works, what to do if it was not you). */
  readonly footer: readonly string[];
}

/** The plain-text body of a message. */
export function renderText(content: MailContent): string {
  const lines = [content.greeting, '', ...content.paragraphs.flatMap((p) => [p, ''])];
  if (content.action !== undefined) lines.push(`${content.action.label}:`, content.action.url, '');
  for (const line of content.footer) lines.push(line, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The HTML body of a message: simple markup every mail client shows, all text escaped. */
export function renderHtml(content: MailContent): string {
  const paragraph = (text: string): string => `<p>${escapeHtml(text)}</p>`;
  const action =
    content.action === undefined
      ? ''
      : `<p><a href="${escapeHtml(content.action.url)}">${escapeHtml(content.action.label)}</a></p>` +
        `<p style="font-size:small">${escapeHtml(content.action.url)}</p>`;
  return [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5">',
    paragraph(content.greeting),
    ...content.paragraphs.map(paragraph),
    action,
    ...content.footer.map(paragraph),
    '</body></html>',
    '',
  ].join('\n');
}
