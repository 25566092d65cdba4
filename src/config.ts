// Every environment variable the bot reads, read once, typed, with errors that say what to fix.
// .env.example documents each of them.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { LOG_LEVELS, type LogLevel } from './log.js';
import { ROOT as PROJECT_ROOT } from './paths.js';
import { type Weekly, isZone, parseWeekly } from './schedule/weekly.js';

export { PROJECT_ROOT };

export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export type Config = {
  port: number;
  host: string;
  /** Empty app id: local mode, no authentication (Agents Playground, tests). */
  localMode: boolean;
  bot: {
    MicrosoftAppId: string;
    MicrosoftAppPassword: string;
    MicrosoftAppType: AppType;
    MicrosoftAppTenantId: string;
  };
  contentDir: string;
  docsDir: string | undefined;
  dataDir: string;
  maxBodyBytes: number;
  shutdownTimeoutMs: number;
  /** Set: state and progress in Azure Blob storage (scaled out); unset: files under dataDir. */
  azureStorageConnectionString: string | undefined;
  /**
   * Set: state and progress in Azure Blob storage reached with a managed identity (DefaultAzureCredential;
   * AZURE_CLIENT_ID names a user-assigned one), no key anywhere. The deployment's way; the connection string
   * stays for Azurite and for those who need it.
   */
  azureStorageAccountUrl: string | undefined;
  azureStorageContainer: string;
  /** Set: the notify/progress API is on, guarded by this key; unset: those routes do not exist. */
  notifyApiKey: string | undefined;
  /** Distinct questions whose answers are remembered; 0 turns the cache off. */
  searchCacheSize: number;
  /** Every storage call gives up after this long, so a turn never hangs on a stalled store. */
  storeTimeoutMs: number;
  logLevel: LogLevel;
  /** GitHub REST base of the repository the Zero Trust docs are synced from (a fork or mirror works). */
  docsSourceUrl: string;
  /** Raw file host of the same repository: file bodies come from here, not from the rate-limited API. */
  docsRawUrl: string;
  docsBranch: string;
  /** How often the synced docs are refreshed, in hours (fractions allowed); 0 turns the refresh off. */
  docsRefreshHours: number;
  /** GITHUB_TOKEN: sent to the GitHub API only, for its higher hourly limit; unset is fine. */
  docsToken: string | undefined;
  /** What went wrong (misses, low-confidence answers, votes), kept for the admins: see src/insights. */
  insights: {
    /** INSIGHTS=off: nothing is recorded (what is kept still expires, and admins can still read it). */
    enabled: boolean;
    /** Days a record is kept before it is deleted. */
    retentionDays: number;
    /** The key user ids are hashed with; unset: a random one, made once and kept in the store. */
    salt: string | undefined;
  };
  /** Microsoft Entra object ids (lowercase) of the people who may run the admin commands. */
  adminIds: string[];
  /** How often each instance looks for phrases taught on another one, in seconds (1 to 60). */
  taughtRefreshSeconds: number;
  /** How often each instance looks for weekly digests that are due, in seconds; 0 turns the scheduler off. */
  scheduleTickSeconds: number;
  /** The admins' weekly digest: where it is posted (unset: not posted), when, and in which time zone. */
  adminDigest: { conversationId: string | undefined; weekly: Weekly };
};

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Loads .env from the project folder when there is one; variables already set win. */
export function loadDotEnv(file = resolve(PROJECT_ROOT, '.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

export function readConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string, fallback = '') => (env[name] ?? '').trim() || fallback;
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = str(name);
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const num = (name: string, fallback: number, min: number, max: number) => {
    const raw = str(name);
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      problems.push(`${name} must be a number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const onOff = (name: string, fallback: boolean) => {
    const raw = str(name).toLowerCase();
    if (!raw) return fallback;
    if (raw === 'on' || raw === 'off') return raw === 'on';
    problems.push(`${name} must be on or off (got "${str(name)}")`);
    return fallback;
  };
  /** Microsoft Entra object ids, comma-separated: GUIDs, compared in lowercase. */
  const objectIds = (name: string) => {
    const ids = str(name)
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    const bad = ids.filter((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
    if (bad.length) {
      problems.push(
        `${name} must be Microsoft Entra object ids (GUIDs such as 00000000-0000-0000-0000-000000000000) separated by commas; not one: "${bad[0]!.slice(0, 60)}"`,
      );
    }
    return ids.filter((id) => !bad.includes(id)).map((id) => id.toLowerCase());
  };
  const httpUrl = (name: string, fallback: string) => {
    const raw = str(name, fallback);
    let protocol = '';
    try {
      protocol = new URL(raw).protocol;
    } catch {
      /* reported below */
    }
    if (protocol !== 'http:' && protocol !== 'https:') problems.push(`${name} must be an http(s) URL (got "${raw}")`);
    return raw.replace(/\/+$/, '');
  };

  /** ADMIN_DIGEST_SCHEDULE ("monday 09:00") in ADMIN_DIGEST_TIMEZONE (an IANA zone, default UTC). */
  const adminWeekly = (): Weekly => {
    const zone = str('ADMIN_DIGEST_TIMEZONE', 'UTC');
    if (!isZone(zone)) problems.push(`ADMIN_DIGEST_TIMEZONE must be an IANA time zone such as Europe/Berlin or UTC (got "${zone}")`);
    const weekly = parseWeekly(str('ADMIN_DIGEST_SCHEDULE', 'monday 09:00'), zone);
    if ('problem' in weekly) {
      problems.push(`ADMIN_DIGEST_SCHEDULE must be a day and a time such as "monday 09:00" (got "${str('ADMIN_DIGEST_SCHEDULE')}")`);
      return { day: 'monday', time: '09:00', zone: 'UTC' };
    }
    return weekly;
  };

  const appId = str('MicrosoftAppId');
  const appType = str('MicrosoftAppType', 'MultiTenant');
  if (!['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(appType)) {
    problems.push(`MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI (got "${appType}")`);
  }
  const password = str('MicrosoftAppPassword');
  const tenant = str('MicrosoftAppTenantId');
  if (appId) {
    if (appType !== 'UserAssignedMSI' && !password) problems.push(`MicrosoftAppPassword is required when MicrosoftAppId is set (${appType})`);
    if (appType !== 'MultiTenant' && !tenant) problems.push(`MicrosoftAppTenantId is required for ${appType}`);
  } else if (password) {
    problems.push('MicrosoftAppPassword is set but MicrosoftAppId is empty: set both, or neither for local mode');
  }

  const docsDir = str('ZT_DOCS_DIR') ? resolve(str('ZT_DOCS_DIR')) : undefined;
  if (docsDir && !existsSync(docsDir)) problems.push(`ZT_DOCS_DIR names a folder that does not exist: ${docsDir}`);

  // Without authentication the bot answers anyone who can reach it: in local mode it listens on this
  // machine only, unless HOST says otherwise.
  const config: Config = {
    port: int('PORT', 3978, 0, 65535),
    host: str('HOST', appId ? '0.0.0.0' : '127.0.0.1'),
    localMode: !appId,
    bot: {
      MicrosoftAppId: appId,
      MicrosoftAppPassword: password,
      MicrosoftAppType: appType as AppType,
      MicrosoftAppTenantId: tenant,
    },
    contentDir: resolve(PROJECT_ROOT, str('CONTENT_DIR', 'content')),
    docsDir,
    dataDir: resolve(PROJECT_ROOT, str('DATA_DIR', 'data')),
    maxBodyBytes: int('MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 120_000),
    azureStorageConnectionString: str('AZURE_STORAGE_CONNECTION_STRING') || undefined,
    azureStorageAccountUrl: str('AZURE_STORAGE_ACCOUNT_URL') ? httpUrl('AZURE_STORAGE_ACCOUNT_URL', '') : undefined,
    azureStorageContainer: str('AZURE_STORAGE_CONTAINER', 'zero-trust-guide'),
    // The key is used exactly as written: a key with spaces around it would never match what callers send.
    notifyApiKey: env.NOTIFY_API_KEY ? env.NOTIFY_API_KEY : undefined,
    searchCacheSize: int('SEARCH_CACHE_SIZE', 1000, 0, 1_000_000),
    storeTimeoutMs: int('STORE_TIMEOUT_MS', 3000, 100, 60_000),
    logLevel: str('LOG_LEVEL', 'info').toLowerCase() as LogLevel,
    docsSourceUrl: httpUrl('DOCS_SOURCE_URL', 'https://api.github.com/repos/MicrosoftDocs/security'),
    docsRawUrl: httpUrl('DOCS_RAW_URL', 'https://raw.githubusercontent.com/MicrosoftDocs/security'),
    docsBranch: str('DOCS_BRANCH', 'main'),
    docsRefreshHours: num('DOCS_REFRESH_HOURS', 24, 0, 8760),
    docsToken: str('GITHUB_TOKEN') || undefined,
    insights: {
      enabled: onOff('INSIGHTS', true),
      retentionDays: int('INSIGHTS_RETENTION_DAYS', 90, 1, 3650),
      salt: env.INSIGHTS_SALT ? env.INSIGHTS_SALT : undefined,
    },
    adminIds: objectIds('ADMIN_IDS'),
    taughtRefreshSeconds: int('TAUGHT_REFRESH_SECONDS', 30, 1, 60),
    scheduleTickSeconds: int('SCHEDULE_TICK_SECONDS', 60, 0, 3600),
    adminDigest: { conversationId: str('ADMIN_CONVERSATION_ID') || undefined, weekly: adminWeekly() },
  };
  if (!(LOG_LEVELS as readonly string[]).includes(config.logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${config.logLevel}")`);
  }
  // System folders are not storage: /proc and /sys answer writes with errors or hang a directory scan.
  if (/^\/(proc|sys|dev)(\/|$)/.test(config.dataDir)) {
    problems.push(`DATA_DIR must be a folder for the bot's files, not a system folder (got "${config.dataDir}")`);
  }
  if (config.azureStorageAccountUrl && config.azureStorageConnectionString) {
    problems.push('set AZURE_STORAGE_ACCOUNT_URL (managed identity) or AZURE_STORAGE_CONNECTION_STRING (a key), not both');
  } else if (config.azureStorageAccountUrl && !config.azureStorageAccountUrl.startsWith('https://')) {
    problems.push(`AZURE_STORAGE_ACCOUNT_URL must be an https URL such as https://<account>.blob.core.windows.net (got "${config.azureStorageAccountUrl}")`);
  }
  if (!/^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/.test(config.azureStorageContainer)) {
    problems.push(
      `AZURE_STORAGE_CONTAINER must be a valid blob container name: 3-63 lowercase letters, digits and single hyphens (got "${config.azureStorageContainer}")`,
    );
  }
  if (config.notifyApiKey !== undefined) {
    if (/\s/.test(config.notifyApiKey)) problems.push('NOTIFY_API_KEY must not contain spaces, tabs or line breaks; generate one with: openssl rand -hex 32');
    else if (config.notifyApiKey.length < 16) problems.push('NOTIFY_API_KEY must be at least 16 characters; generate one with: openssl rand -hex 32');
  }
  if (config.insights.salt !== undefined) {
    if (/\s/.test(config.insights.salt)) problems.push('INSIGHTS_SALT must not contain spaces, tabs or line breaks; generate one with: openssl rand -hex 32');
    else if (config.insights.salt.length < 16) problems.push('INSIGHTS_SALT must be at least 16 characters; generate one with: openssl rand -hex 32');
  }
  // The branch goes into request URLs: git's own rules for names keep it from changing the path.
  if (!/^(?!\/|.*(?:\.\.|\/\/|\/$|\.lock$))[\w./-]+$/.test(config.docsBranch)) {
    problems.push(`DOCS_BRANCH must be a branch name such as main (got "${config.docsBranch}")`);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** For a command-line tool: the config from .env and the environment, or exit code 2 with what to fix. */
export function cliConfig(): Config {
  loadDotEnv();
  try {
    return readConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : String(err));
    process.exit(2);
  }
}
