// Blob storage reached with a managed identity: the account URL and DefaultAzureCredential, no key. Azure is
// not reachable here, so what is checked is the setting and an honest failure: start-up stops within its
// time limit with a message that names the setting and says the identity could not get a token.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { StoreSetupError, createStore } from '../../src/storage/index.js';

describe('Blob storage with a managed identity', () => {
  it('is configured by an https account URL, and never together with a connection string', () => {
    expect(readConfig({ AZURE_STORAGE_ACCOUNT_URL: 'https://ztguide.blob.core.windows.net/' }).azureStorageAccountUrl).toBe(
      'https://ztguide.blob.core.windows.net',
    );
    expect(readConfig({}).azureStorageAccountUrl).toBeUndefined();
    expect(() => readConfig({ AZURE_STORAGE_ACCOUNT_URL: 'http://ztguide.blob.core.windows.net' })).toThrow(/AZURE_STORAGE_ACCOUNT_URL must be an https URL/);
    expect(() =>
      readConfig({ AZURE_STORAGE_ACCOUNT_URL: 'https://a.blob.core.windows.net', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }),
    ).toThrow(/not both/);
  });

  it('without an identity to use, stops start-up in bounded time, naming the setting', async () => {
    const started = Date.now();
    const attempt = createStore({
      dataDir: mkdtempSync(join(tmpdir(), 'zt-msi-')),
      azureAccountUrl: 'https://ztguide-test.blob.core.windows.net',
      azureContainer: 'bot-state',
      timeoutMs: 500,
    });
    await expect(attempt).rejects.toThrow(StoreSetupError);
    await expect(attempt).rejects.toThrow(/AZURE_STORAGE_ACCOUNT_URL "https:\/\/ztguide-test\.blob\.core\.windows\.net" with the managed identity/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
