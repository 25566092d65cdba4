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

  it('records insights for 90 days by default, with admins named by their Microsoft Entra object ids', () => {
    const config = readConfig({});
    expect(config.insights).toEqual({ enabled: true, retentionDays: 90, salt: undefined });
    expect(config.adminIds).toEqual([]);
    const set = readConfig({
      INSIGHTS: 'OFF',
      INSIGHTS_RETENTION_DAYS: '30',
      INSIGHTS_SALT: 'a-salt-of-our-own-making',
      ADMIN_IDS: ' 7D3C2A1B-0C4E-4A8E-9D55-3F1F2A6E9C10 ,00000000-0000-0000-0000-000000000001,',
    });
    expect(set.insights).toEqual({ enabled: false, retentionDays: 30, salt: 'a-salt-of-our-own-making' });
    expect(set.adminIds).toEqual(['7d3c2a1b-0c4e-4a8e-9d55-3f1f2a6e9c10', '00000000-0000-0000-0000-000000000001']);
  });

  it('looks for phrases taught on another instance every 30 s by default, and at least once a minute', () => {
    expect(readConfig({}).taughtRefreshSeconds).toBe(30);
    expect(readConfig({ TAUGHT_REFRESH_SECONDS: '5' }).taughtRefreshSeconds).toBe(5);
    expect(() => readConfig({ TAUGHT_REFRESH_SECONDS: '61' })).toThrow(/TAUGHT_REFRESH_SECONDS must be a whole number from 1 to 60/);
  });

  it('says what is wrong with an insights or admin setting', () => {
    expect(() => readConfig({ INSIGHTS: 'maybe' })).toThrow(/INSIGHTS must be on or off \(got "maybe"\)/);
    expect(() => readConfig({ INSIGHTS_RETENTION_DAYS: '0' })).toThrow(/INSIGHTS_RETENTION_DAYS must be a whole number from 1 to 3650/);
    expect(() => readConfig({ INSIGHTS_SALT: 'short' })).toThrow(/INSIGHTS_SALT must be at least 16 characters/);
    expect(() => readConfig({ ADMIN_IDS: 'ada@contoso.com' })).toThrow(/ADMIN_IDS must be Microsoft Entra object ids .* not one: "ada@contoso.com"/);
  });

  it('looks for due digests every minute; the admin digest is off until a conversation is named, then Mondays 09:00 UTC', () => {
    const set = readConfig({});
    expect(set.scheduleTickSeconds).toBe(60);
    expect(set.adminDigest).toEqual({ conversationId: undefined, weekly: { day: 'monday', time: '09:00', zone: 'UTC' } });
    const named = readConfig({
      ADMIN_CONVERSATION_ID: '19:admins@thread.tacv2',
      ADMIN_DIGEST_SCHEDULE: 'friday 16:30',
      ADMIN_DIGEST_TIMEZONE: 'Europe/Berlin',
    });
    expect(named.adminDigest).toEqual({ conversationId: '19:admins@thread.tacv2', weekly: { day: 'friday', time: '16:30', zone: 'Europe/Berlin' } });
  });

  it('says what is wrong with a schedule setting', () => {
    expect(() => readConfig({ SCHEDULE_TICK_SECONDS: '-1' })).toThrow(/SCHEDULE_TICK_SECONDS must be a whole number from 0 to 3600/);
    expect(() => readConfig({ ADMIN_DIGEST_TIMEZONE: 'CET+1' })).toThrow(/ADMIN_DIGEST_TIMEZONE must be an IANA time zone/);
    expect(() => readConfig({ ADMIN_DIGEST_SCHEDULE: 'someday' })).toThrow(
      /ADMIN_DIGEST_SCHEDULE must be a day and a time such as "monday 09:00" \(got "someday"\)/,
    );
  });
});
