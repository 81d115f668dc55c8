/**
 * Just enough XML for SOAP envelopes as jsforce writes them: elements, attributes, text, the five
 * predefined entities and numeric references, CDATA; the prolog and comments are skipped. Element
 * names keep their prefix in `name` and lose it in `local`.
 */
export interface XmlElement { name: string; local: string; attributes: Record<string, string>; children: XmlElement[]; text: string }

export class XmlError extends Error {}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < source.length) {
    if (source.startsWith('<?', i)) { i = after(source, '?>', i); continue; }
    if (source.startsWith('<!--', i)) { i = after(source, '-->', i); continue; }
    if (source.startsWith('<![CDATA[', i)) {
      const end = source.indexOf(']]>', i);
      if (end < 0) throw new XmlError('Unterminated CDATA section');
      top(stack).text += source.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (source.startsWith('</', i)) {
      const end = source.indexOf('>', i);
      const name = source.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlError(`Mismatched closing tag </${name}>`);
      i = end + 1;
      continue;
    }
    if (source.charAt(i) === '<') {
      const end = source.indexOf('>', i);
      if (end < 0) throw new XmlError('Unterminated tag');
      const selfClosing = source.charAt(end - 1) === '/';
      const element = openTag(source.slice(i + 1, selfClosing ? end - 1 : end));
      if (stack.length > 0) top(stack).children.push(element);
      else if (root) throw new XmlError('More than one root element');
      else root = element;
      if (!selfClosing) stack.push(element);
      i = end + 1;
      continue;
    }
    const next = source.indexOf('<', i);
    const text = source.slice(i, next < 0 ? source.length : next);
    if (stack.length > 0) top(stack).text += decode(text);
    else if (text.trim() !== '') throw new XmlError('Text outside the root element');
    i = next < 0 ? source.length : next;
  }
  if (!root || stack.length > 0) throw new XmlError('Incomplete document');
  return root;
}

export function child(element: XmlElement | undefined, local: string): XmlElement | undefined {
  return element?.children.find((c) => c.local === local);
}

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function openTag(inner: string): XmlElement {
  const match = /^([^\s/>]+)([\s\S]*)$/.exec(inner.trim());
  if (!match) throw new XmlError('Empty tag');
  const name = match[1]!;
  const attributes: Record<string, string> = {};
  const attr = /([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  for (let m = attr.exec(match[2] ?? ''); m; m = attr.exec(match[2] ?? '')) attributes[m[1]!] = decode(m[3] ?? m[4] ?? '');
  return { name, local: name.slice(name.indexOf(':') + 1), attributes, children: [], text: '' };
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    return ENTITIES[ref] ?? whole;
  });
}

function after(source: string, terminator: string, from: number): number {
  const end = source.indexOf(terminator, from);
  if (end < 0) throw new XmlError(`Missing ${terminator}`);
  return end + terminator.length;
}

function top(stack: XmlElement[]): XmlElement {
  const element = stack[stack.length - 1];
  if (!element) throw new XmlError('Content outside the root element');
  return element;
}
