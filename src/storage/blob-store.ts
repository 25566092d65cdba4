// The key-value port on Azure Blob storage, for several bot instances sharing state. One block blob per
// key holding the value as JSON; the blob's own eTag is the record's eTag and conditional writes use the
// service's If-Match / If-None-Match, so the compare-and-swap happens in the service, not here.
import type { TokenCredential } from '@azure/core-auth';
import { type ContainerClient, BlobServiceClient, RestError, type StoragePipelineOptions } from '@azure/storage-blob';
import { ConflictError, type DeleteOptions, type KeyValueStore, type PutOptions, type Stored, decodeKey, isHashedName, keyToName, namePrefix } from './kv.js';

/** Blob names may have 1024 characters; longer encoded keys are shortened and hashed (see kv.ts). */
const MAX_NAME = 1000;
/** Metadata entry with the key (base64url of UTF-8), so a hashed name can be listed without reading the blob. */
const KEY_METADATA = 'kvkey';

const status = (e: unknown) => (e instanceof RestError ? e.statusCode : undefined);
const code = (e: unknown) => (e instanceof RestError ? e.code : undefined);

export class BlobStore implements KeyValueStore {
  readonly container: ContainerClient;
  private ready: Promise<void> | undefined;

  /** `account`: a connection string (a key: Azurite, or by choice), or an account URL with a token credential. */
  constructor(account: string | { url: string; credential: TokenCredential }, container: string, options?: StoragePipelineOptions) {
    const service =
      typeof account === 'string' ? BlobServiceClient.fromConnectionString(account, options) : new BlobServiceClient(account.url, account.credential, options);
    this.container = service.getContainerClient(container);
  }

  /** Creates the container when it is missing. Every operation awaits it. */
  init(): Promise<void> {
    this.ready ??= this.container
      .createIfNotExists()
      .then(() => undefined)
      .catch((e: unknown) => {
        this.ready = undefined;
        throw e;
      });
    return this.ready;
  }

  async get<T>(key: string): Promise<Stored<T> | undefined> {
    const blob = this.container.getBlobClient(keyToName(key, MAX_NAME).name);
    await this.init();
    try {
      const res = await this.withContainer(() => blob.download());
      const text = await readAll(res.readableStreamBody);
      if (!res.etag) throw new Error(`storage: blob ${blob.name} came back without an eTag`);
      return { value: JSON.parse(text) as T, etag: res.etag };
    } catch (e) {
      if (status(e) === 404) return undefined;
      throw e;
    }
  }

  /** The blob's eTag from its properties (a HEAD request), without downloading it. */
  async etag(key: string): Promise<string | undefined> {
    const blob = this.container.getBlobClient(keyToName(key, MAX_NAME).name);
    await this.init();
    try {
      return (await this.withContainer(() => blob.getProperties())).etag;
    } catch (e) {
      if (status(e) === 404) return undefined;
      throw e;
    }
  }

  async put<T>(key: string, value: T, opts: PutOptions = {}): Promise<string> {
    const { name } = keyToName(key, MAX_NAME);
    if (opts.ifMatch !== undefined && opts.ifNoneMatch !== undefined) throw new TypeError('put: give ifMatch or ifNoneMatch, not both');
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`put: the value for "${key}" cannot be stored as JSON`);
    const body = Buffer.from(json, 'utf8');
    const blob = this.container.getBlockBlobClient(name);
    await this.init();
    try {
      const res = await this.withContainer(() =>
        blob.upload(body, body.length, {
          conditions: opts.ifMatch !== undefined ? { ifMatch: opts.ifMatch } : opts.ifNoneMatch ? { ifNoneMatch: '*' } : {},
          blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
          metadata: { [KEY_METADATA]: Buffer.from(key, 'utf8').toString('base64url') },
        }),
      );
      if (!res.etag) throw new Error(`storage: the upload of ${name} returned no eTag`);
      return res.etag;
    } catch (e) {
      throw this.conflict(e, key, opts.ifMatch !== undefined);
    }
  }

  async delete(key: string, opts: DeleteOptions = {}): Promise<void> {
    const blob = this.container.getBlobClient(keyToName(key, MAX_NAME).name);
    await this.init();
    try {
      await this.withContainer(() => blob.delete(opts.ifMatch !== undefined ? { conditions: { ifMatch: opts.ifMatch } } : {}));
    } catch (e) {
      if (status(e) === 404 && code(e) !== 'ContainerNotFound' && opts.ifMatch === undefined) return;
      throw this.conflict(e, key, opts.ifMatch !== undefined);
    }
  }

  async list(prefix: string): Promise<string[]> {
    await this.init();
    const keys: string[] = [];
    const items = this.container.listBlobsFlat({ prefix: namePrefix(prefix, MAX_NAME) || undefined, includeMetadata: true });
    for await (const item of items) {
      const key = isHashedName(item.name) ? keyFromMetadata(item.metadata?.[KEY_METADATA]) : decodeKey(item.name);
      if (key !== undefined && key.startsWith(prefix)) keys.push(key);
    }
    return keys.sort();
  }

  /** 412 (If-Match failed), 409 (If-None-Match: * on an existing blob), 404 under If-Match: ConflictError. */
  private conflict(e: unknown, key: string, hadIfMatch: boolean): unknown {
    const s = status(e);
    if (s === 412 || (s === 409 && code(e) === 'BlobAlreadyExists')) return new ConflictError(key);
    if (s === 404 && hadIfMatch && code(e) !== 'ContainerNotFound') return new ConflictError(key);
    return e;
  }

  /** If the container was deleted under us, create it again and retry once. */
  private async withContainer<R>(fn: () => Promise<R>): Promise<R> {
    try {
      return await fn();
    } catch (e) {
      if (code(e) !== 'ContainerNotFound') throw e;
      this.ready = undefined;
      await this.init();
      return fn();
    }
  }
}

function keyFromMetadata(value: string | undefined): string | undefined {
  return value ? Buffer.from(value, 'base64url').toString('utf8') : undefined;
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) throw new Error('storage: a blob download came back without a body');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
