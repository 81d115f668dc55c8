/** One problem found in a flow file: which check, where (a JSONPath-like path) and what. */
export interface FlowFinding {
  readonly check: FlowCheckName;
  readonly path: string;
  readonly message: string;
}

export type FlowCheckName = 'envelope' | 'runAfter' | 'references' | 'connections' | 'operations' | 'environmentVariables' | 'manifest';

export function formatFlowFinding(file: string, f: FlowFinding): string {
  return `${file} ${f.path}: [${f.check}] ${f.message}`;
}
