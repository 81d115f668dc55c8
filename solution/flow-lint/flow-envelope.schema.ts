// Our own JSON Schema for a solution flow file, since none is published (shared/schemas/SOURCES.md,
// power-platform-formats.md §4.1, §5): the envelope of §4.1 and the action shapes of §4.2–4.7 and
// AZDOCS' WDL reference. It is closed where the formats are documented (definition keys, trigger
// and action keys) so a typo fails instead of being ignored by import.

const WDL_SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

const ACTION_TYPES = [
  'OpenApiConnection', 'Compose', 'InitializeVariable', 'SetVariable', 'AppendToArrayVariable', 'AppendToStringVariable',
  'IncrementVariable', 'ParseJson', 'Query', 'Select', 'Join', 'Table', 'If', 'Switch', 'Foreach', 'Until', 'Scope',
  'Terminate', 'Wait', 'Http', 'Response', 'Expression', 'Workflow',
];

const nonEmptyString = { type: 'string', minLength: 1 };

export const flowFileSchema = {
  $id: 'cosell-connector/flow-file',
  type: 'object',
  required: ['properties', 'schemaVersion'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: '1.0.0.0' },
    properties: {
      type: 'object',
      required: ['connectionReferences', 'definition'],
      additionalProperties: false,
      properties: {
        connectionReferences: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['runtimeSource', 'connection', 'api'],
            additionalProperties: false,
            properties: {
              runtimeSource: { enum: ['embedded', 'invoker'] },
              connection: { type: 'object', required: ['connectionReferenceLogicalName'], additionalProperties: false, properties: { connectionReferenceLogicalName: nonEmptyString } },
              api: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: nonEmptyString, logicalName: nonEmptyString } },
            },
          },
        },
        definition: { $ref: '#/$defs/definition' },
        templateName: { type: 'string' },
      },
    },
  },
  $defs: {
    definition: {
      type: 'object',
      required: ['$schema', 'contentVersion', 'parameters', 'triggers', 'actions'],
      additionalProperties: false,
      properties: {
        $schema: { const: WDL_SCHEMA },
        contentVersion: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+\\.\\d+$' },
        parameters: {
          type: 'object',
          required: ['$connections', '$authentication'],
          properties: {
            $connections: { type: 'object', required: ['type'], properties: { type: { const: 'Object' } } },
            $authentication: { type: 'object', required: ['type'], properties: { type: { const: 'SecureObject' } } },
          },
          additionalProperties: {
            type: 'object',
            required: ['type'],
            properties: {
              type: { enum: ['String', 'Int', 'Float', 'Bool', 'Array', 'Object', 'SecureString', 'SecureObject'] },
              metadata: { type: 'object', properties: { schemaName: nonEmptyString, description: { type: 'string' } } },
            },
          },
        },
        triggers: { type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: { $ref: '#/$defs/trigger' } },
        actions: { $ref: '#/$defs/actions' },
        outputs: { type: 'object', maxProperties: 10 },
        staticResults: { type: 'object' },
      },
    },
    trigger: {
      type: 'object',
      required: ['type'],
      additionalProperties: false,
      properties: {
        type: { enum: ['Request', 'Recurrence', 'OpenApiConnection', 'OpenApiConnectionWebhook'] },
        kind: { type: 'string' },
        inputs: { type: 'object' },
        recurrence: {
          type: 'object',
          required: ['frequency', 'interval'],
          properties: { frequency: { enum: ['Second', 'Minute', 'Hour', 'Day', 'Week', 'Month'] }, interval: { type: 'integer', minimum: 1 } },
        },
        splitOn: { type: 'string' },
        conditions: { type: 'array', items: { type: 'object', required: ['expression'], additionalProperties: false, properties: { expression: { type: 'string', pattern: '^@' } } } },
        runtimeConfiguration: { type: 'object' },
        operationOptions: { type: 'string' },
        description: { type: 'string' },
        metadata: { type: 'object' },
      },
      allOf: [
        { if: { properties: { type: { const: 'Recurrence' } } }, then: { required: ['recurrence'] } },
        { if: { properties: { type: { const: 'Request' } } }, then: { required: ['kind', 'inputs'] } },
        { if: { properties: { type: { enum: ['OpenApiConnection', 'OpenApiConnectionWebhook'] } } }, then: { required: ['inputs'], properties: { inputs: { $ref: '#/$defs/connectorInputs' } } } },
      ],
    },
    connectorInputs: {
      type: 'object',
      required: ['host', 'authentication'],
      properties: {
        host: { type: 'object', required: ['connectionName', 'operationId', 'apiId'], additionalProperties: false, properties: { connectionName: nonEmptyString, operationId: nonEmptyString, apiId: { type: 'string' } } },
        parameters: { type: 'object' },
        authentication: { const: "@parameters('$authentication')" },
      },
    },
    actions: { type: 'object', additionalProperties: { $ref: '#/$defs/action' } },
    action: {
      type: 'object',
      required: ['type', 'runAfter'],
      additionalProperties: false,
      properties: {
        type: { enum: ACTION_TYPES },
        kind: { type: 'string' },
        inputs: {},
        runAfter: { type: 'object' },
        description: { type: 'string' },
        expression: {},
        actions: { $ref: '#/$defs/actions' },
        else: { type: 'object', required: ['actions'], additionalProperties: false, properties: { actions: { $ref: '#/$defs/actions' } } },
        cases: { type: 'object', additionalProperties: { type: 'object', required: ['case', 'actions'], properties: { actions: { $ref: '#/$defs/actions' } } } },
        default: { type: 'object', required: ['actions'], properties: { actions: { $ref: '#/$defs/actions' } } },
        foreach: { type: 'string', pattern: '^@' },
        limit: { type: 'object', properties: { count: { type: 'integer', minimum: 1, maximum: 5000 }, timeout: { type: 'string', pattern: '^P' } } },
        runtimeConfiguration: { type: 'object' },
        operationOptions: { type: 'string' },
        metadata: { type: 'object' },
        trackedProperties: { type: 'object' },
      },
      allOf: [
        { if: { properties: { type: { const: 'OpenApiConnection' } } }, then: { required: ['inputs'], properties: { inputs: { $ref: '#/$defs/connectorInputs' } } } },
        { if: { properties: { type: { const: 'If' } } }, then: { required: ['expression', 'actions'] } },
        { if: { properties: { type: { const: 'Until' } } }, then: { required: ['expression', 'limit', 'actions'] } },
        { if: { properties: { type: { const: 'Foreach' } } }, then: { required: ['foreach', 'actions'] } },
        { if: { properties: { type: { const: 'Scope' } } }, then: { required: ['actions'] } },
        { if: { properties: { type: { const: 'Switch' } } }, then: { required: ['expression', 'cases'] } },
        { if: { properties: { type: { enum: ['Query'] } } }, then: { required: ['inputs'], properties: { inputs: { type: 'object', required: ['from', 'where'] } } } },
        { if: { properties: { type: { enum: ['Select'] } } }, then: { required: ['inputs'], properties: { inputs: { type: 'object', required: ['from', 'select'] } } } },
        { if: { properties: { type: { enum: ['InitializeVariable'] } } }, then: { required: ['inputs'], properties: { inputs: { type: 'object', required: ['variables'] } } } },
        { if: { properties: { type: { enum: ['SetVariable'] } } }, then: { required: ['inputs'], properties: { inputs: { type: 'object', required: ['name', 'value'] } } } },
        { if: { properties: { type: { const: 'Terminate' } } }, then: { required: ['inputs'], properties: { inputs: { type: 'object', required: ['runStatus'], properties: { runStatus: { enum: ['Succeeded', 'Failed', 'Cancelled'] } } } } } },
      ],
    },
  },
} as const;
