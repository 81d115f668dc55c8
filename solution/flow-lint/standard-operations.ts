// Operations of Microsoft's own connectors that the flows use. Their swaggers are not published,
// so the parameter lists are the ones seen in exported flows (power-platform-formats.md §4.3–4.4
// and public exports); a flow using anything else needs a look at the connector's documentation.

export interface StandardOperation {
  readonly kind: 'pollingTrigger' | 'webhookTrigger' | 'action';
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

export const STANDARD_OPERATIONS: Readonly<Record<string, Readonly<Record<string, StandardOperation>>>> = {
  shared_salesforce: {
    // "When a record is created" and "When a record is modified"; the table parameter is the sObject.
    GetOnNewItems: { kind: 'pollingTrigger', required: ['table'], optional: ['$filter', '$select'] },
    GetOnUpdatedItems: { kind: 'pollingTrigger', required: ['table'], optional: ['$filter', '$select'] },
  },
  shared_commondataserviceforapps: {
    // "When a row is added, modified or deleted". message: 1 added, 2 deleted, 3 modified,
    // 4 added or modified, …; scope 4 is the organization.
    SubscribeWebhookTrigger: {
      kind: 'webhookTrigger',
      required: ['subscriptionRequest/message', 'subscriptionRequest/entityname', 'subscriptionRequest/scope'],
      optional: ['subscriptionRequest/filteringattributes', 'subscriptionRequest/filterexpression', 'subscriptionRequest/runas', 'subscriptionRequest/name'],
    },
  },
};
