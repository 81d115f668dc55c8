import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { decodeJwt } from 'jose';
import { createLogger } from '../../api/logging/logger.js';
import { TokenAcquisitionError, createLoopbackNetworkClient, createMsalTokenProvider, type MsalTokenProviderOptions } from '../../api/partner-center/token-provider.js';
import { sandboxIdentityDefaults } from '../../sandbox/identity/index.js';
import { startIdentityProvider, type RunningIdentityProvider } from '../sandbox/identity/identity-server.js';

const d = sandboxIdentityDefaults();
const pc = d.partnerCenter;
/** An https authority MSAL accepts; the network client sends its requests to the loopback provider instead. */
const AUTHORITY = 'https://login.sandbox.local';

describe('MSAL token provider (real msal-node against the sandbox identity provider)', () => {
  let p: RunningIdentityProvider;

  function providerOptions(overrides: Partial<MsalTokenProviderOptions> = {}): MsalTokenProviderOptions {
    return {
      authority: AUTHORITY,
      tenantId: d.tenantId,
      clientId: pc.clientId,
      clientSecret: pc.clientSecret,
      refreshToken: pc.refreshToken,
      scopes: [pc.scope],
      networkClient: createLoopbackNetworkClient((url) => url.replace(AUTHORITY, p.base)),
      ...overrides,
    };
  }

  async function withProvider<T>(options: Parameters<typeof startIdentityProvider>[0], run: () => Promise<T>): Promise<T> {
    const saved = p;
    p = await startIdentityProvider(options);
    try {
      return await run();
    } finally {
      await p.close();
      p = saved;
    }
  }

  beforeEach(async () => { p = await startIdentityProvider(); });
  afterEach(async () => { await p.close(); });

  it('gets a delegated Partner Center token whose claims are right', async () => {
    const token = await createMsalTokenProvider(providerOptions()).getToken();
    const claims = await p.idp.verifyAccessToken(token, { audience: pc.resource });
    assert.equal(claims['aud'], 'https://api.partner.microsoft.com');
    assert.equal(claims['scp'], 'user_impersonation');
    assert.equal(claims['upn'], pc.userUpn);
    assert.equal(claims['azp'], pc.clientId);
    assert.equal(claims['idtyp'], 'user');
    assert.equal(claims['tid'], d.tenantId);
  });

  it('makes no discovery request: only the token POST reaches the provider', async () => {
    await createMsalTokenProvider(providerOptions()).getToken();
    assert.deepEqual(p.requests, [`POST /${d.tenantId}/oauth2/v2.0/token`]);
  });

  it('serves a second call from the MSAL cache', async () => {
    const provider = createMsalTokenProvider(providerOptions());
    const first = await provider.getToken();
    const second = await provider.getToken();
    assert.equal(second, first);
    assert.equal(p.tokenRequests(), 1);
  });

  it('redeems the refresh token once for concurrent first calls', async () => {
    const provider = createMsalTokenProvider(providerOptions());
    const [a, b] = await Promise.all([provider.getToken(), provider.getToken()]);
    assert.equal(a, b);
    assert.equal(p.tokenRequests(), 1);
  });

  it('refreshes silently when the cached token is inside MSAL\'s renewal window', async () => {
    // 240 s tokens are always within MSAL's 300 s renewal offset, so every call after the first refreshes.
    await withProvider({ tokenLifetimeSeconds: 240 }, async () => {
      const provider = createMsalTokenProvider(providerOptions());
      const first = await provider.getToken();
      const second = await provider.getToken();
      assert.notEqual(second, first);
      assert.equal(p.tokenRequests(), 2);
      assert.equal(decodeJwt(second)['upn'], pc.userUpn);
    });
  });

  it('surfaces a wrong secret as TokenAcquisitionError without the secret in its message', async () => {
    const secret = 'wrong-secret-value-123';
    const err = await createMsalTokenProvider(providerOptions({ clientSecret: secret })).getToken().then(
      () => assert.fail('expected a TokenAcquisitionError'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof TokenAcquisitionError);
    assert.equal(err.errorCode, 'invalid_client');
    assert.equal(err.aadstsCode, 7000215);
    assert.equal(err.retryable, false);
    assert.equal(err.message.includes(secret), false);
    assert.equal(err.message.includes(pc.refreshToken), false);
    assert.equal(JSON.stringify(err).includes(secret), false);
  });

  it('surfaces a rejected refresh token as TokenAcquisitionError invalid_grant', async () => {
    const err = await createMsalTokenProvider(providerOptions({ refreshToken: 'revoked-refresh-token' })).getToken().then(
      () => assert.fail('expected a TokenAcquisitionError'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof TokenAcquisitionError);
    assert.equal(err.errorCode, 'invalid_grant');
    assert.equal(err.message.includes('revoked-refresh-token'), false);
  });

  it('refuses to send credentials over plain http to a non-loopback host', async () => {
    const provider = createMsalTokenProvider(providerOptions({ networkClient: createLoopbackNetworkClient((url) => url.replace(AUTHORITY, 'http://example.com')) }));
    const err = await provider.getToken().then(() => assert.fail('expected a TokenAcquisitionError'), (e: unknown) => e);
    assert.ok(err instanceof TokenAcquisitionError);
    assert.equal(err.errorCode, 'network_error');
    assert.equal(p.tokenRequests(), 0);
  });

  it('never writes the token, the secret or the refresh token to the log', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(chunk.toString()); done(); } });
    const logger = createLogger({ level: 'trace', destination });
    const token = await createMsalTokenProvider(providerOptions({ logger })).getToken();
    await createMsalTokenProvider(providerOptions({ logger, clientSecret: 'bad-secret-xyz' })).getToken().catch(() => undefined);
    const log = lines.join('');
    assert.ok(log.includes('token acquired'));
    for (const secret of [token, pc.clientSecret, 'bad-secret-xyz', pc.refreshToken]) assert.equal(log.includes(secret), false);
  });

  it('rejects an http authority at construction (MSAL needs https)', () => {
    assert.throws(() => createMsalTokenProvider(providerOptions({ authority: p.base })), /https/);
  });
});
