/**
 * Every environment variable the product reads, in one JSON Schema. Checked once at start-up;
 * nothing else reads process.env. Documented in README.md and .env.example (a test keeps all three in step).
 */
export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: true,
  properties: {
    NODE_ENV: { type: 'string', enum: ['development', 'production', 'test'], default: 'development', description: 'production refuses to start without real credentials.' },
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000, description: 'TCP port of the API (and of the sandbox in sandbox mode).' },
    HOST: { type: 'string', minLength: 1, description: 'Interface to listen on. Default 127.0.0.1 in sandbox mode, 0.0.0.0 otherwise.' },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info', description: 'pino log level.' },
    PUBLIC_BASE_URL: { type: 'string', format: 'uri', pattern: '^https?://', description: 'External base URL, used in nextLink and Location; default: taken from each request.' },
    TRUST_PROXY: { type: 'string', default: 'loopback', description: 'Express trust proxy setting, for X-Forwarded-* behind Azure front ends.' },
    MAX_BODY_BYTES: { type: 'integer', minimum: 1024, maximum: 10485760, default: 262144, description: 'Largest accepted request body.' },
    CONTINUATION_TOKEN_SECRET: { type: 'string', minLength: 32, description: 'Key that signs continuation tokens; required in production so tokens work across instances.' },

    PARTNER_CENTER_API_URL: { type: 'string', format: 'uri', pattern: '^https?://', default: 'https://api.partner.microsoft.com', description: 'Referrals API host.' },
    PARTNER_CENTER_AUTHORITY: { type: 'string', format: 'uri', pattern: '^https://', default: 'https://login.microsoftonline.com', description: 'Entra ID authority host for Partner Center tokens.' },
    PARTNER_CENTER_TENANT_ID: { type: 'string', minLength: 1, description: 'Partner tenant id (App+User).' },
    PARTNER_CENTER_CLIENT_ID: { type: 'string', minLength: 1, description: 'Entra app registration with Partner Center delegated permissions.' },
    PARTNER_CENTER_CLIENT_SECRET: { type: 'string', minLength: 1, description: 'Secret of that app registration.' },
    PARTNER_CENTER_REFRESH_TOKEN: { type: 'string', minLength: 1, description: 'Refresh token of a Referrals Admin user (Secure Application Model).' },
    PARTNER_CENTER_SCOPE: { type: 'string', minLength: 1, default: 'https://api.partner.microsoft.com/.default', description: 'Scope requested for the Referrals API.' },
    PARTNER_CENTER_TIMEOUT_MS: { type: 'integer', minimum: 100, maximum: 600000, default: 30000, description: 'Timeout of one Partner Center call.' },
    PARTNER_CENTER_MAX_ATTEMPTS: { type: 'integer', minimum: 1, maximum: 20, default: 6, description: 'Attempts per Partner Center call on 429, 503 and network errors.' },
    PARTNER_CENTER_RETRY_BASE_MS: { type: 'integer', minimum: 1, maximum: 60000, default: 500, description: 'First backoff delay when no Retry-After is given.' },
    PARTNER_CENTER_RETRY_MAX_MS: { type: 'integer', minimum: 1, maximum: 600000, default: 30000, description: 'Cap of one backoff delay, Retry-After included.' },

    PARTNER_CENTER_WEBHOOKS_API_URL: { type: 'string', format: 'uri', pattern: '^https?://', default: 'https://api.partnercenter.microsoft.com', description: 'Host of Partner Center\'s webhook registration API.' },
    PARTNER_CENTER_WEBHOOKS_SCOPE: { type: 'string', minLength: 1, default: 'https://api.partnercenter.microsoft.com/.default', description: 'Scope requested for the webhook registration API (a different audience from referrals).' },
    WEBHOOK_CERT_ALLOWED_HOSTS: { type: 'string', minLength: 1, default: '3psostorageacct.blob.core.windows.net', description: 'Comma-separated hosts a webhook signing certificate may be fetched from (https only).' },
    WEBHOOK_CERT_ISSUER: { type: 'string', minLength: 1, default: 'O=Microsoft Corporation', description: 'Text the signing certificate\'s issuer must contain.' },

    DATABASE_URL: { type: 'string', pattern: '^postgres(ql)?://', description: 'PostgreSQL connection string; when set, storage is PostgreSQL (several processes can share it), otherwise an embedded SQLite file under DATA_DIR.' },
    DATA_DIR: { type: 'string', minLength: 1, description: 'Where the embedded store keeps its file. Default .data; with the in-process sandbox, whose emulators live in memory, a fresh temporary directory per run.' },
    PIPELINE_CONCURRENCY: { type: 'integer', minimum: 0, maximum: 64, default: 8, description: 'Events and trigger deliveries this process works on at once; 0 for an API-only process that runs no workers.' },
    MIRROR_SYNC_INTERVAL_S: { type: 'integer', minimum: 5, maximum: 86400, default: 300, description: 'How often the local referral mirror is reconciled with Partner Center, healing missed webhooks.' },
    INBOX_MAX_ATTEMPTS: { type: 'integer', minimum: 1, maximum: 100, default: 8, description: 'Processing attempts of a Partner Center event before it becomes a dead letter.' },
    OUTBOX_MAX_ATTEMPTS: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'Delivery attempts to a trigger subscriber before giving up on that delivery.' },
    TRIGGER_DISABLE_AFTER: { type: 'integer', minimum: 1, maximum: 1000, default: 20, description: 'Consecutive failed deliveries after which a trigger subscription is disabled.' },

    AUTH_TENANT_IDS: { type: 'string', minLength: 1, description: 'Comma-separated Entra tenant ids whose tokens the API accepts.' },
    AUTH_AUDIENCE: { type: 'string', minLength: 1, description: 'Comma-separated accepted audiences (the API app id URI and/or client id).' },
    AUTH_ISSUER: { type: 'string', minLength: 1, default: 'https://login.microsoftonline.com/{tenantId}/v2.0', description: 'Issuer template; {tenantId} is replaced by the token tenant.' },
    AUTH_JWKS_URL: { type: 'string', format: 'uri', default: 'https://login.microsoftonline.com/common/discovery/v2.0/keys', description: 'Where the signing keys are published.' },

    CRM: {
      type: 'string', enum: ['none', 'salesforce', 'dynamics365', 'salesforce,dynamics365', 'dynamics365,salesforce'],
      description: 'Which CRM the referrals are synced with. Default: salesforce in sandbox mode (against the Salesforce emulator), none otherwise. '
        + 'In sandbox mode a list serves one sandbox partner tenant per CRM at once (salesforce,dynamics365: Contoso with Salesforce, Fabrikam with Dynamics 365).',
    },
    SALESFORCE_LOGIN_URL: { type: 'string', format: 'uri', pattern: '^https?://', default: 'https://login.salesforce.com', description: 'Salesforce login URL or My Domain URL (token endpoint and JWT audience).' },
    SALESFORCE_CLIENT_ID: { type: 'string', minLength: 1, description: 'Consumer key of the Salesforce connected app.' },
    SALESFORCE_CLIENT_SECRET: { type: 'string', minLength: 1, description: 'Consumer secret, for the client credentials flow (the app runs as its integration user).' },
    SALESFORCE_USERNAME: { type: 'string', minLength: 1, description: 'Integration user, for the JWT bearer flow (with SALESFORCE_PRIVATE_KEY_FILE).' },
    SALESFORCE_PRIVATE_KEY_FILE: { type: 'string', minLength: 1, description: 'PEM file of the private key whose certificate the connected app holds (JWT bearer flow).' },
    SALESFORCE_API_VERSION: { type: 'string', pattern: '^[0-9]{2}\\.0$', default: '62.0', description: 'Salesforce REST API version (jsforce defaults to the obsolete 50.0).' },
    DATAVERSE_URL: { type: 'string', format: 'uri', pattern: '^https?://', description: 'Dynamics 365 environment URL (https://org.crm.dynamics.com); the token scope is its /.default.' },
    DATAVERSE_TENANT_ID: { type: 'string', minLength: 1, description: 'Entra tenant of the Dataverse application user.' },
    DATAVERSE_CLIENT_ID: { type: 'string', minLength: 1, description: 'App registration of the Dataverse application user.' },
    DATAVERSE_CLIENT_SECRET: { type: 'string', minLength: 1, description: 'Its client secret (or use a certificate).' },
    DATAVERSE_CERTIFICATE_FILE: { type: 'string', minLength: 1, description: 'PEM file holding the certificate\'s private key, for certificate credentials.' },
    DATAVERSE_CERTIFICATE_THUMBPRINT: { type: 'string', pattern: '^[0-9A-Fa-f]{64}$', description: 'SHA-256 thumbprint of that certificate (hex).' },
    DATAVERSE_AUTHORITY: { type: 'string', format: 'uri', pattern: '^https://', default: 'https://login.microsoftonline.com', description: 'Entra ID authority host for Dataverse tokens.' },
    CRM_POLL_INTERVAL_S: { type: 'integer', minimum: 1, maximum: 3600, default: 5, description: 'How often CRM changes are polled (SystemModstamp cursor).' },
    SYNC_CONCURRENCY: { type: 'integer', minimum: 0, maximum: 64, default: 4, description: 'Sync jobs this process works on at once; 0 runs no sync worker.' },
    SYNC_MAX_ATTEMPTS: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'Attempts of a sync job before it becomes a dead letter.' },
    SYNC_MAPPING_FILE: { type: 'string', minLength: 1, description: 'A field mapping override file (see mappings/README.md); the API can also replace it per tenant.' },
    SYNC_COSELL_OPPORTUNITIES_ONLY: { type: 'boolean', default: false, description: 'The connectors\' "Sync co-sell opportunities only": marketplace and marketing-qualified leads are not written to the CRM.' },
    SYNC_BACKFILL_ON_START: { type: 'boolean', default: true, description: 'Write referrals the CRM has never seen (those found by the mirror\'s first fill) to the CRM in bulk when the sync starts.' },
    SYNC_NAME_MARK: { type: 'boolean', default: true, description: 'Append ✔ to the opportunity name after a successful sync and ✖ after a failed one.' },
    SYNC_CONFLICT_POLICY: { type: 'string', enum: ['lastWriter', 'partnerCenter', 'crm'], default: 'lastWriter', description: 'Which side wins a field both changed since the last sync.' },
    CRM_ONHOLD_STAGE: { type: 'string', minLength: 1, description: 'Opportunity stage of referrals not yet accepted (the connectors\' on-hold stage name). Default from the mapping: Prospecting.' },
    CRM_ACTIVE_STAGE: { type: 'string', minLength: 1, description: 'Opportunity stage of accepted referrals (the active stage name). Default from the mapping: Qualification.' },
    PARTNER_CENTER_REFERRAL_URL: { type: 'string', pattern: '^https?://.*\\{id\\}', default: 'https://partner.microsoft.com/dashboard/referrals/v2/leads/{id}', description: 'Referral Link template; {id} is the referral id (the exact Partner Center path is inferred).' },

    SANDBOX_TENANT_ID: { type: 'string', minLength: 1, default: 'sandbox', description: 'Sandbox identity tenant.' },
    SANDBOX_CLIENT_ID: { type: 'string', minLength: 1, default: 'sandbox-client', description: 'Sandbox client id.' },
    SANDBOX_CLIENT_SECRET: { type: 'string', minLength: 1, default: 'sandbox-secret', description: 'Sandbox client secret (not a real secret: sandbox only).' },
    SANDBOX_API_SCOPE: { type: 'string', minLength: 1, default: 'api://cosell-connector/.default', description: 'Scope a sandbox client asks for to call the API.' },
    SANDBOX_URL: { type: 'string', format: 'uri', pattern: '^https?://', description: 'Use a sandbox already running at this URL (npm run sandbox; e.g. http://127.0.0.1:3100/sandbox) instead of starting one in-process, so several API processes share one.' },
    SANDBOX_SEED_REFERRALS: { type: 'integer', minimum: 0, maximum: 200000, default: 60, description: 'How many demo referrals the sandbox starts with.' },
  },
} as const;

/** Settings that production needs and sandbox mode supplies itself. */
export const PARTNER_CENTER_CREDENTIALS = ['PARTNER_CENTER_TENANT_ID', 'PARTNER_CENTER_CLIENT_ID', 'PARTNER_CENTER_CLIENT_SECRET', 'PARTNER_CENTER_REFRESH_TOKEN'] as const;
export const PRODUCTION_REQUIRED = [...PARTNER_CENTER_CREDENTIALS, 'AUTH_TENANT_IDS', 'AUTH_AUDIENCE', 'CONTINUATION_TOKEN_SECRET'] as const;
/** Values never printed, not even their length. */
export const SECRET_KEYS = new Set(['DATAVERSE_CLIENT_SECRET', 'SALESFORCE_CLIENT_SECRET', 'PARTNER_CENTER_CLIENT_SECRET', 'PARTNER_CENTER_REFRESH_TOKEN', 'CONTINUATION_TOKEN_SECRET', 'SANDBOX_CLIENT_SECRET', 'DATABASE_URL']);
