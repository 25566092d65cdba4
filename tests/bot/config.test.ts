// Settings are read once, with defaults that work and errors that say what to fix.
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config.js';

describe('settings', () => {
  it('remembers 1000 questions unless told otherwise, and 0 turns that off', () => {
    expect(readConfig({}).searchCacheSize).toBe(1000);
    expect(readConfig({ SEARCH_CACHE_SIZE: '0' }).searchCacheSize).toBe(0);
    expect(readConfig({ SEARCH_CACHE_SIZE: '50' }).searchCacheSize).toBe(50);
  });

  it('a bad number names the setting and what it must be', () => {
    expect(() => readConfig({ SEARCH_CACHE_SIZE: 'lots' })).toThrow(ConfigError);
    expect(() => readConfig({ SEARCH_CACHE_SIZE: '-1' })).toThrow(/SEARCH_CACHE_SIZE must be a whole number from 0 to 1000000 \(got "-1"\)/);
  });
});
