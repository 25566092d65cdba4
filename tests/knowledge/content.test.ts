import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ContentError, loadCatalog, pagesWithoutAsks } from '../../src/knowledge/content-loader.js';

const CONTENT = resolve(__dirname, '../../content');

/** A copy of content/ with one file changed by `edit`. */
function contentWith(file: string, edit: (doc: any) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'zt-content-'));
  cpSync(CONTENT, dir, { recursive: true });
  const path = join(dir, file);
  const doc = file.endsWith('.json') ? JSON.parse(readFileSync(path, 'utf8')) : yaml.load(readFileSync(path, 'utf8'));
  edit(doc);
  writeFileSync(path, file.endsWith('.json') ? JSON.stringify(doc) : yaml.dump(doc));
  return dir;
}

function errorOf(dir: string): ContentError {
  try {
    loadCatalog(dir);
  } catch (err) {
    if (err instanceof ContentError) return err;
    throw err;
  }
  throw new Error('the catalog loaded although it is broken');
}

describe('the catalog', () => {
  it('loads and holds what the guidance has', () => {
    const c = loadCatalog(CONTENT);
    expect(c.principles.map((p) => p.id)).toEqual(['verify-explicitly', 'use-least-privilege', 'assume-breach']);
    expect(c.pillars).toHaveLength(7);
    for (const p of c.pillars) expect(p.objectives.length).toBeGreaterThan(1);
    expect(c.ramp.initiatives.map((i) => i.priority)).toEqual(['top', 'top', 'top', 'as-needed', 'as-needed']);
    const numbered = c.ramp.initiatives
      .flatMap((i) => i.steps)
      .filter((s) => s.number)
      .map((s) => s.number);
    expect(numbered).toEqual([1, 2, 3, 4, 5, 6]);
    expect(c.checklists.map((l) => l.id).sort()).toEqual(['data-protection', 'ransomware-recovery-readiness', 'validate-trust']);
    const ransomware = c.checklists.find((l) => l.id === 'ransomware-recovery-readiness')!;
    expect(ransomware.areas.flatMap((a) => a.items)).toHaveLength(5);
    for (const l of c.checklists) for (const a of l.areas) for (const i of a.items) expect(i.role).not.toBe('');
    expect(c.roles.map((r) => r.name)).toEqual(expect.arrayContaining(['Security architect', 'IT project manager', 'IT implementer', 'Application developer']));
    // Every page published today and every page of the RaMP snapshot, each knowing whether it still lives.
    const status = (st: string) => c.articles.articles.filter((a) => a.status === st).map((a) => a.path);
    expect(c.articles.articles.length).toBe(169);
    expect(status('retired')).toEqual(
      expect.arrayContaining(['zero-trust-ramp-overview', 'data-compliance-gov-data', 'zero-trust-assessment-progress-tracking-resources']),
    );
    expect(status('new')).toEqual(
      expect.arrayContaining([
        'sfi/secure-future-initiative-overview',
        'assessment/get-started',
        'prioritizing-defense/prioritizing-defense-overview',
        'manage-devices-with-intune-overview',
      ]),
    );
    expect(status('live')).toContain('deploy/identity');
  });

  it('has the ways people ask for every page, in numbers worth searching', () => {
    const c = loadCatalog(CONTENT);
    expect(pagesWithoutAsks(c)).toEqual([]);
    for (const [path, p] of c.asks) expect(p.asks.length, path).toBeGreaterThanOrEqual(12);
  });

  it("knows what every retired page's address opens now, and stops when a retired page is not judged", () => {
    const c = loadCatalog(CONTENT);
    expect(c.retired.find((r) => r.path === 'zero-trust-assessment-progress-tracking-resources')?.successor).toBe('different');
    const dir = contentWith('retired.yaml', (d) => {
      d.retired = d.retired.filter((r: any) => r.path !== 'index-with-videos');
    });
    expect(errorOf(dir).message).toMatch(/retired\.yaml: retired pages without a successor: index-with-videos/);
  });

  it('rejects asks for a page that does not exist, or for a heading the page does not have', () => {
    const file = 'asks/f-deploy-policies.yaml';
    const unknownPage = contentWith(file, (d) => {
      d.pages[0].path = 'deploy/no-such-page';
    });
    expect(errorOf(unknownPage).message).toMatch(/f-deploy-policies\.yaml: pages\[0\] \(path "deploy\/no-such-page"\): no article "deploy\/no-such-page"/);
    const badAnchor = contentWith(file, (d) => {
      d.pages.find((p: any) => p.sections?.length).sections[0].anchor = 'not-a-heading';
    });
    expect(errorOf(badAnchor).message).toMatch(/sections\[0\]\.anchor: "not-a-heading" is not a heading of the page/);
    const twice = contentWith(file, (d) => {
      d.pages[1].path = d.pages[0].path;
    });
    expect(errorOf(twice).message).toMatch(/already has its asks/);
  });

  it('stops with the file, the entry and the field when a field is missing', () => {
    const dir = contentWith('pillars.yaml', (d) => {
      delete d.pillars[0].objectives[1].summary;
    });
    const err = errorOf(dir);
    expect(err.file).toBe(join(dir, 'pillars.yaml'));
    expect(err.message).toMatch(/pillars\[0\] \(id "identity"\)\.objectives\[1\] \(id "[a-z0-9-]+"\)\.summary/);
  });

  it('rejects a link that is not a Microsoft Learn URL, naming the field', () => {
    const dir = contentWith('roles.yaml', (d) => {
      d.docSets[0].url = 'http://example.com/zero-trust';
    });
    expect(errorOf(dir).message).toMatch(/roles\.yaml: docSets\[0\] \(id "[a-z0-9-]+"\)\.url: must be a Microsoft Learn URL/);
  });

  it('rejects a checklist item without its accountable role', () => {
    const dir = contentWith('checklists.yaml', (d) => {
      d.checklists[1].areas[0].items[2].role = '  ';
    });
    expect(errorOf(dir).message).toMatch(/checklists\.yaml: checklists\[1\] .*\.areas\[0\] .*\.items\[2\] .*\.role: must not be empty/);
  });

  it('rejects a reference to a RaMP step that does not exist', () => {
    const dir = contentWith('roles.yaml', (d) => {
      d.roles[0].rampSteps = ['step-that-is-not-there'];
    });
    expect(errorOf(dir).message).toMatch(/roles\.yaml: role "[a-z0-9-]+"\.rampSteps: no RaMP step "step-that-is-not-there"/);
  });

  it('rejects the same id used twice', () => {
    const dir = contentWith('azure.yaml', (d) => {
      d.articles[1].id = d.articles[0].id;
    });
    expect(errorOf(dir).message).toMatch(/azure\.yaml: article id "[a-z0-9-]+" is used twice/);
  });

  it('names the file that is not valid YAML, or missing', () => {
    const dir = contentWith('synonyms.yaml', () => {});
    writeFileSync(join(dir, 'synonyms.yaml'), 'synonyms:\n  - term: MFA\n   kind: [acronym\n');
    expect(errorOf(dir).message).toMatch(/synonyms\.yaml: cannot be parsed/);
    const missing = mkdtempSync(join(tmpdir(), 'zt-empty-'));
    expect(errorOf(missing).message).toMatch(/principles\.yaml: cannot be read: ENOENT/);
  });
});
