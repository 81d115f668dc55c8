export { createIdentityProvider } from './identity-provider.js';
export { SECOND_SANDBOX_TENANT, sandboxIdentityDefaults, type SandboxIdentityDefaults, type SandboxPartnerTenant } from './defaults.js';
export type { IdentityClient, IdentityProvider, IdentityProviderOptions, IdentityUser, MintOptions } from './types.js';
