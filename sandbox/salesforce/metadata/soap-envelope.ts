/** Metadata API SOAP envelopes: reading request components, writing results and faults. */
import { list, type MetadataObject, type MetadataResult, type MetadataValue } from '../schema/metadata-types.js';
import { escapeXml, type XmlElement } from './xml.js';

const ENVELOPE_OPEN = '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">';
const ENVELOPE_CLOSE = '</soapenv:Envelope>';

/** An element as a metadata value: leaves are strings (or null for xsi:nil), repeated children become arrays. */
export function toMetadataValue(element: XmlElement): MetadataValue {
  if (element.attributes['xsi:nil'] === 'true') return null;
  if (element.children.length === 0) return element.text;
  const out: MetadataObject = {};
  for (const c of element.children) {
    const value = toMetadataValue(c);
    const existing = out[c.local];
    if (existing === undefined) out[c.local] = value;
    else out[c.local] = [...list(existing), value];
  }
  return out;
}

/** `xsi:type` may carry a prefix (`tns:CustomField`). */
export function xsiType(element: XmlElement): string | undefined {
  const entry = Object.entries(element.attributes).find(([k]) => k === 'xsi:type' || k.endsWith(':type'));
  return entry?.[1].replace(/^.*:/, '');
}

export function resultsEnvelope(operation: string, results: MetadataResult[]): string {
  const items = results.map((r) => {
    const errors = (r.errors ?? []).map((e) =>
      `<errors>${e.fields ? `<fields>${escapeXml(e.fields)}</fields>` : ''}<message>${escapeXml(e.message)}</message><statusCode>${escapeXml(e.statusCode)}</statusCode></errors>`).join('');
    const created = r.created === undefined ? '' : `<created>${String(r.created)}</created>`;
    return `<result>${created}${errors}<fullName>${escapeXml(r.fullName)}</fullName><success>${String(r.success)}</success></result>`;
  }).join('');
  return `${ENVELOPE_OPEN}<soapenv:Body><${operation}Response>${items}</${operation}Response></soapenv:Body>${ENVELOPE_CLOSE}`;
}

export function faultEnvelope(faultcode: string, faultstring: string): string {
  return `${ENVELOPE_OPEN}<soapenv:Body><soapenv:Fault><faultcode>${escapeXml(faultcode)}</faultcode><faultstring>${escapeXml(faultstring)}</faultstring></soapenv:Fault></soapenv:Body>${ENVELOPE_CLOSE}`;
}
