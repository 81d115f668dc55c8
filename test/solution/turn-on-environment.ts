/**
 * The sandbox (identity provider and Dataverse emulator, as `createSandbox` mounts them) on an
 * ephemeral port, and the solution imported into it from the zips `npm run solution:pack` writes:
 * customizations.xml gives each flow's WorkflowId, name and Workflows/*.json file, and the connection
 * references; each flow is created with POST workflows (category 5, type 1, primaryentity none,
 * clientdata), as Microsoft's "Work with cloud flows using code" documents, and arrives off.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import type { DataverseClient } from '../../api/dataverse/client.js';
import { manualClock } from '../../api/domain/clock.js';
import { createSandbox, type Sandbox } from '../../sandbox/index.js';
import type { Crm } from '../../solution/documented-flows.js';
import { pack } from '../../solution/pack.js';
import { dataverseClient, sandboxTarget } from '../../solution/turn-on-connect.js';
import { repositoryRoot } from '../flows/repository.js';

export interface PackedFlow { id: string; name: string; clientdata: string }
export interface PackedReference { logicalName: string; displayName: string; connectorId: string }
export interface PackedSolution { flows: PackedFlow[]; references: PackedReference[] }

export interface TurnOnEnvironment {
  sandbox: Sandbox;
  /** The sandbox base URL, as `--sandbox` takes it. */
  base: string;
  client: DataverseClient;
  solutions: Record<Crm, PackedSolution>;
  /** Creates the solution's connection references (bound, except those named) and flows (off). */
  importSolution(crm: Crm, options?: { unbound?: string[] }): Promise<void>;
  /** Removes every flow and connection reference and clears the request log. */
  reset(): void;
  /** workflowids of the PATCH requests the emulator answered, in order. */
  patchedIds(): string[];
  stateOf(workflowId: string): [unknown, unknown];
  close(): Promise<void>;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ['Workflow', 'connectionreference'].includes(name) });

interface WorkflowElement { '@_WorkflowId': string; '@_Name': string; JsonFileName: string }
interface ReferenceElement { '@_connectionreferencelogicalname': string; connectionreferencedisplayname: string; connectorid: string }

function readSolution(zip: string): PackedSolution {
  const entries = unzipSync(readFileSync(zip));
  const text = (path: string): string => Buffer.from(entries[path] ?? new Uint8Array()).toString('utf8');
  const customizations = (parser.parse(text('customizations.xml')) as { ImportExportXml: { Workflows: { Workflow: WorkflowElement[] }; connectionreferences: { connectionreference: ReferenceElement[] } } }).ImportExportXml;
  return {
    flows: customizations.Workflows.Workflow.map((w) => ({
      id: w['@_WorkflowId'].replace(/[{}]/g, ''),
      name: w['@_Name'],
      clientdata: JSON.stringify(JSON.parse(text(w.JsonFileName.replace(/^\//, '')))),
    })),
    references: customizations.connectionreferences.connectionreference.map((r) => ({
      logicalName: r['@_connectionreferencelogicalname'], displayName: r.connectionreferencedisplayname, connectorId: r.connectorid,
    })),
  };
}

export async function startTurnOnEnvironment(): Promise<TurnOnEnvironment> {
  const out = mkdtempSync(join(tmpdir(), 'turn-on-solution-'));
  const zips = pack(repositoryRoot, out).files;
  const zipOf = (crm: Crm): string => zips.find((f) => f.includes(crm === 'salesforce' ? 'Salesforce_' : 'Dynamics365_') && !f.endsWith('_managed.zip'))!;
  const solutions = { salesforce: readSolution(zipOf('salesforce')), dynamics365: readSolution(zipOf('dynamics365')) };
  rmSync(out, { recursive: true, force: true });

  let base = '';
  const sandbox = await createSandbox({ baseUrl: () => base, seedReferrals: 0, clock: manualClock(new Date('2026-03-02T10:00:00Z')) });
  const app = express();
  app.use('/sandbox', sandbox.router);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox`;
  const client = dataverseClient(sandboxTarget(base));
  const { store } = sandbox.dataverse;

  const post = async (set: string, body: Record<string, unknown>): Promise<void> => {
    const res = await client.send({ method: 'POST', url: set, body, repeatable: false, what: `importing ${set}` });
    if (res.status !== 204) throw new Error(`POST ${set} failed: ${res.status} ${res.text}`);
  };

  return {
    sandbox, base, client, solutions,
    async importSolution(crm, options = {}) {
      const solution = solutions[crm];
      for (const r of solution.references) {
        const bound = !(options.unbound ?? []).includes(r.logicalName);
        await post('connectionreferences', {
          connectionreferencelogicalname: r.logicalName, connectionreferencedisplayname: r.displayName, connectorid: r.connectorId,
          ...(bound ? { connectionid: `shared-${r.logicalName.slice(-12)}-0f1e2d3c4b5a` } : {}),
        });
      }
      for (const f of solution.flows) {
        await post('workflows', { workflowid: f.id, category: 5, type: 1, name: f.name, primaryentity: 'none', clientdata: f.clientdata });
      }
    },
    reset() {
      for (const table of ['workflow', 'connectionreference'] as const) {
        const key = table === 'workflow' ? 'workflowid' : 'connectionreferenceid';
        for (const row of [...store.rows(table)]) store.delete(table, row[key] as string);
      }
      sandbox.dataverse.requestLog.length = 0;
    },
    patchedIds() {
      return sandbox.dataverse.requestLog
        .filter((e) => e.method === 'PATCH')
        .map((e) => /workflows\(([0-9a-f-]{36})\)/.exec(e.path)?.[1] ?? e.path);
    },
    stateOf(workflowId) {
      const row = store.require('workflow', workflowId);
      return [row.statecode, row.statuscode];
    },
    async close() {
      await client.close();
      await sandbox.close();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      });
    },
  };
}
