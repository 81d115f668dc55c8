// A tiny XML writer: the solution files are small and their element order matters to the importer,
// so they are written from explicit trees rather than from objects whose key order is incidental.

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}

/** Verbatim, already well-formed XML, for components read from another package. */
export interface RawXml {
  readonly raw: string;
}

export type XmlNode = XmlElement | RawXml | string;

export function el(name: string, attributes: Record<string, string> = {}, ...children: Array<XmlNode | readonly XmlNode[] | undefined>): XmlElement {
  return { name, attributes, children: children.flat().filter((c): c is XmlNode => c !== undefined) };
}

/** An element holding only text, e.g. <Version>1.0.0.0</Version>. */
export function text(name: string, value: string | number): XmlElement {
  return el(name, {}, String(value));
}

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function renderNode(node: XmlNode, depth: number): string {
  if (typeof node === 'string') return escapeXml(node);
  if ('raw' in node) return node.raw;
  const pad = '  '.repeat(depth);
  const attrs = Object.entries(node.attributes).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  if (node.children.length === 0) return `${pad}<${node.name}${attrs} />`;
  if (node.children.every((c) => typeof c === 'string')) return `${pad}<${node.name}${attrs}>${node.children.map((c) => renderNode(c, 0)).join('')}</${node.name}>`;
  const inner = node.children.map((c) => (typeof c === 'string' ? `${'  '.repeat(depth + 1)}${escapeXml(c)}` : renderNode(c, depth + 1))).join('\n');
  return `${pad}<${node.name}${attrs}>\n${inner}\n${pad}</${node.name}>`;
}

/** A whole document: declaration, the root element, a final newline. Raw fragments go in verbatim. */
export function renderXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${renderNode(root, 0)}\n`;
}
