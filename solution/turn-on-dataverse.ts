import type { DataverseClient } from '../api/dataverse/client.js';
import { errorOf } from '../api/dataverse/errors.js';
import { conditionText, queryString } from '../api/dataverse/odata.js';
import { queryAll } from '../api/dataverse/query.js';
import { WORKFLOW_STATE, type Direction, type FlowTarget, type WorkflowRow } from './turn-on-plan.js';

// The three Web API calls of the command, as Microsoft's "Work with cloud flows using code" shows
// them: list cloud flows (workflows, category 5), PATCH statecode with If-Match: * (so a wrong id is a
// 404, never an upsert that creates a row), and read the row back.

/** What the switching needs from an environment; tests may give another implementation. */
export interface CloudFlows {
  /** The definition rows of cloud flows with any of these names or ids. */
  find(targets: readonly FlowTarget[]): Promise<WorkflowRow[]>;
  setState(workflowId: string, direction: Direction): Promise<void>;
  readState(workflowId: string): Promise<{ statecode: number; statuscode: number }>;
}

/** Dataverse refused a call; `message` is Dataverse's own text, with its code and HTTP status. */
export class DataverseRefusal extends Error {
  override readonly name = 'DataverseRefusal';
  constructor(readonly status: number, readonly code: string, readonly dataverseMessage: string) {
    super(`${code ? `${code} ` : ''}(HTTP ${status}) ${dataverseMessage}`);
  }
}

const MODERN_FLOW = 5;
const DEFINITION = 1;
const COLUMNS = ['workflowid', 'name', 'statecode', 'statuscode'];
const PAGE_SIZE = 500;

export class DataverseCloudFlows implements CloudFlows {
  constructor(private readonly client: DataverseClient) {}

  async find(targets: readonly FlowTarget[]): Promise<WorkflowRow[]> {
    if (targets.length === 0) return [];
    const names = conditionText({ property: 'name', values: [...new Set(targets.map((t) => t.name))], guid: false });
    const ids = conditionText({ property: 'workflowid', values: targets.map((t) => t.workflowId), guid: true });
    // Type 1 (Definition) only: activation and template rows are not the flow one turns on.
    const filter = `category eq ${MODERN_FLOW} and type eq ${DEFINITION} and (${names} or ${ids})`;
    const rows = await queryAll(this.client, `workflows${queryString({ select: COLUMNS, filter })}`, 'listing the cloud flows', PAGE_SIZE);
    return rows.map(toWorkflowRow);
  }

  async setState(workflowId: string, direction: Direction): Promise<void> {
    const { statecode, statuscode } = WORKFLOW_STATE[direction];
    const response = await this.client.send({
      method: 'PATCH', url: `workflows(${workflowId})`, headers: { 'if-match': '*' }, body: { statecode, statuscode },
      repeatable: true, what: `turning a cloud flow ${direction}`,
    });
    if (response.status !== 204 && response.status !== 200) throw refusal(response.status, response.text);
  }

  async readState(workflowId: string): Promise<{ statecode: number; statuscode: number }> {
    const response = await this.client.send({ method: 'GET', url: `workflows(${workflowId})?$select=statecode,statuscode`, repeatable: true, what: 'reading a cloud flow' });
    if (response.status !== 200) throw refusal(response.status, response.text);
    const row = JSON.parse(response.text) as Record<string, unknown>;
    return { statecode: numberOf(row['statecode']), statuscode: numberOf(row['statuscode']) };
  }
}

function refusal(status: number, text: string): DataverseRefusal {
  const error = errorOf(status, text);
  return new DataverseRefusal(status, error.code, error.message);
}

function toWorkflowRow(record: Record<string, unknown>): WorkflowRow {
  return {
    workflowid: String(record['workflowid']),
    name: typeof record['name'] === 'string' ? record['name'] : '',
    statecode: numberOf(record['statecode']),
    statuscode: numberOf(record['statuscode']),
  };
}

function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}
