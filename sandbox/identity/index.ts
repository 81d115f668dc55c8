export { createIdentityProvider } from './identity-provider.js';
export { sandboxIdentityDefaults, type SandboxIdentityDefaults } from './defaults.js';
export type { IdentityClient, IdentityProvider, IdentityProviderOptions, IdentityUser, MintOptions } from './types.js';
