// Whose cards Teams refreshes: the people who ticked items, named by their Teams MRI ("29:..."), which is
// what a card's refresh.userIds takes; an AAD object id there refreshes nobody.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checklistService } from '../../src/checklist/service.js';
import { FileStore } from '../../src/storage/file-store.js';
import { allItems, catalog } from './history-helpers.js';

const SCOPE = 'team:19:refresh';

describe('the people a checklist card refreshes for', () => {
  it('are named by the MRI kept with each change, newest first, once each', async () => {
    const service = checklistService(new FileStore(mkdtempSync(join(tmpdir(), 'zt-refresh-')), { durable: false }), catalog);
    const [a, b] = allItems;
    await service.set(SCOPE, { checklist: a!.checklist, item: a!.item, to: 'done', by: 'aad-ada', byName: 'Ada', mri: '29:ada' });
    await service.set(SCOPE, { checklist: b!.checklist, item: b!.item, to: 'in-progress', by: 'aad-grace', byName: 'Grace', mri: '29:grace' });
    const p = await service.set(SCOPE, { checklist: a!.checklist, item: a!.item, to: 'in-progress', by: 'aad-ada', byName: 'Ada', mri: '29:ada' });
    expect(service.recentUsers(p)).toEqual(['29:ada', '29:grace']);
    // Kept through a reload from the store.
    expect((await service.progress(SCOPE)).history.map((c) => c.mri)).toEqual(['29:ada', '29:grace', '29:ada']);
  });

  it('leave out changes that name a person only by AAD object id, and ignore an id that is no MRI', async () => {
    const service = checklistService(new FileStore(mkdtempSync(join(tmpdir(), 'zt-refresh-')), { durable: false }), catalog);
    const [a] = allItems;
    const p = await service.set(SCOPE, { checklist: a!.checklist, item: a!.item, to: 'done', by: 'aad-ada', byName: 'Ada', mri: 'not an mri' });
    expect(p.history[0]!.mri).toBeUndefined();
    expect(service.recentUsers(p)).toEqual([]);
  });
});
