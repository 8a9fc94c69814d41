// Reads the e-mails the server wrote into its outbox (no SMTP in tests): headers and a body
// decoded from quoted-printable or base64, as lettre encodes non-ASCII text.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

function decodeWords(value) {
  // RFC 2047 encoded words, e.g. =?utf-8?b?...?= in a subject.
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind, text) => (kind.toLowerCase() === 'b'
    ? Buffer.from(text, 'base64').toString('utf8')
    : decodeQuotedPrintable(text.replace(/_/g, ' '))));
}

function decodeQuotedPrintable(text) {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function parse(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoding = (headers['content-transfer-encoding'] || '').toLowerCase();
  let text = body;
  if (encoding === 'quoted-printable') text = decodeQuotedPrintable(body);
  else if (encoding === 'base64') text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { to: decodeWords(headers.to || ''), subject: decodeWords(headers.subject || ''), body: text.replace(/\r\n/g, '\n') };
}

/// Every e-mail written so far to `to`.
export function mailsTo(dir, to) {
  const outbox = path.join(dir, 'outbox');
  if (!existsSync(outbox)) return [];
  return readdirSync(outbox).filter((f) => f.endsWith('.eml'))
    .map((f) => parse(readFileSync(path.join(outbox, f), 'utf8')))
    .filter((mail) => mail.to.toLowerCase().includes(to.toLowerCase()));
}

/// Waits for an e-mail to `to` whose body matches `pattern`; returns the match.
export async function waitForMail(dir, to, pattern) {
  for (let attempt = 0; attempt < 100; attempt++) {
    for (const mail of mailsTo(dir, to)) {
      const found = mail.body.match(pattern);
      if (found) return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no e-mail to ${to} matching ${pattern}: ${JSON.stringify(mailsTo(dir, to))}`);
}
