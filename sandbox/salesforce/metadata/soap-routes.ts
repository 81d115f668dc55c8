/**
 * `POST /services/Soap/m/{version}`: the Metadata API operations the product deploys its schema with,
 * `createMetadata` and `upsertMetadata` (jsforce `conn.metadata.create/upsert`), for CustomField,
 * CustomObject and PermissionSet (accepted, no effect: field-level security is not emulated).
 * The session id travels in the envelope's SessionHeader; an invalid one gets the 500 fault jsforce
 * recognises as an expired session. Other operations get a client fault.
 */
import express, { type Router } from 'express';
import type { SessionStore } from '../auth/sessions.js';
import type { OrgSchema } from '../schema/org-schema.js';
import { obj, SUPPORTED_METADATA_TYPES, type MetadataComponent, type MetadataType } from '../schema/metadata-types.js';
import { faultEnvelope, resultsEnvelope, toMetadataValue, xsiType } from './soap-envelope.js';
import { child, parseXml, XmlError, type XmlElement } from './xml.js';

const MAX_COMPONENTS = 10;
const OPERATIONS = { createMetadata: 'create', upsertMetadata: 'upsert' } as const;

class SoapFault extends Error {
  constructor(readonly faultcode: string, message: string, readonly status = 500) {
    super(message);
  }
}

export function metadataSoapRoutes(deps: { schema: OrgSchema; sessions: SessionStore; minVersion: number; maxVersion: number }): Router {
  const r = express.Router();
  r.post('/services/Soap/m/:version', express.text({ type: () => true, limit: '10mb' }), (req, res) => {
    res.type('text/xml; charset=utf-8');
    try {
      const version = Number(req.params.version);
      if (!/^\d+\.0$/.test(req.params.version) || version < deps.minVersion || version > deps.maxVersion) {
        throw new SoapFault('sf:UNSUPPORTED_API_VERSION', `UNSUPPORTED_API_VERSION: Invalid Api version specified on URL`);
      }
      const envelope = parseEnvelope(String(req.body ?? ''));
      const sessionId = child(child(child(envelope, 'Header'), 'SessionHeader'), 'sessionId')?.text.trim() ?? '';
      if (!deps.sessions.verify(sessionId)) {
        throw new SoapFault('sf:INVALID_SESSION_ID', 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session');
      }
      const call = child(envelope, 'Body')?.children[0];
      const mode = call ? OPERATIONS[call.local as keyof typeof OPERATIONS] : undefined;
      if (!call || !mode) {
        throw new SoapFault('soapenv:Client', `No operation available for request {http://soap.sforce.com/2006/04/metadata}${call?.local ?? ''}`);
      }
      const components = call.children.filter((c) => c.local === 'metadata').map(component);
      if (components.length > MAX_COMPONENTS) {
        throw new SoapFault('sf:EXCEEDED_ID_LIMIT', `EXCEEDED_ID_LIMIT: record limit reached. cannot submit more than ${MAX_COMPONENTS} records in this operation`);
      }
      res.status(200).send(resultsEnvelope(call.local, deps.schema.deploy(components, mode)));
    } catch (error) {
      if (!(error instanceof SoapFault)) throw error;
      res.status(error.status).send(faultEnvelope(error.faultcode, error.message));
    }
  });
  return r;
}

function parseEnvelope(body: string): XmlElement {
  try {
    const envelope = parseXml(body);
    if (envelope.local !== 'Envelope') throw new XmlError('The root element is not a SOAP Envelope');
    return envelope;
  } catch (error) {
    if (error instanceof XmlError) throw new SoapFault('soapenv:Client', `Unable to parse the request: ${error.message}`);
    throw error;
  }
}

function component(element: XmlElement): MetadataComponent {
  const type = xsiType(element);
  if (!type || !SUPPORTED_METADATA_TYPES.includes(type as MetadataType)) {
    throw new SoapFault('sf:INVALID_TYPE', `INVALID_TYPE: This type of metadata is not available for this organization: ${type ?? '(no xsi:type)'}`);
  }
  return { type: type as MetadataType, metadata: obj(toMetadataValue(element)) ?? {} };
}
