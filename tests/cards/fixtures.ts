// A small hand-built catalog in the shape of content/, so the card tests do not depend on content that is
// still being written. Texts are placeholders of ours; URLs and the retired RaMP redirect mirror the real data.
import type { Catalog } from '../../src/knowledge/content-loader.js';
import type { SearchResponse, SearchResult } from '../../src/knowledge/search.js';
import type { InsightsSummary } from '../../src/insights/summary.js';

const ZT = 'https://learn.microsoft.com/security/zero-trust';

export const catalog: Catalog = {
  principles: [
    {
      id: 'verify-explicitly',
      name: 'Verify explicitly',
      summary: 'Check every request with all the signals you have.',
      url: `${ZT}/zero-trust-overview#guiding-principles-of-zero-trust`,
    },
    {
      id: 'least-privilege',
      name: 'Use least privilege access',
      summary: 'Give only the access needed, only for as long as needed.',
      url: `${ZT}/zero-trust-overview#guiding-principles-of-zero-trust`,
    },
    {
      id: 'assume-breach',
      name: 'Assume breach',
      summary: 'Limit the blast radius and watch everything.',
      url: `${ZT}/zero-trust-overview#guiding-principles-of-zero-trust`,
    },
  ],
  pillars: [
    {
      id: 'identity',
      name: 'Identities',
      aliases: ['identity', 'users'],
      summary: 'Strong authentication and least-privilege access for every person and workload.',
      url: `${ZT}/deploy/identity`,
      objectives: [
        {
          id: 'cloud-identity',
          number: 'I',
          title: 'Cloud identity federates with on-premises identity systems',
          summary: 'Sync and federate so one identity covers both worlds.',
          stage: 'initial',
          actions: ['Sync on-premises accounts to the cloud directory', 'Turn on MFA for everyone'],
          anchor: 'i-cloud-identity',
        },
        {
          id: 'conditional-access',
          number: 'II',
          title: 'Conditional Access policies gate access',
          summary: 'Policies decide each sign-in from user, device and risk.',
          stage: 'initial',
          actions: [],
        },
        {
          id: 'analytics',
          number: 'III',
          title: 'Analytics improve visibility',
          summary: 'Use sign-in logs and risk reports to see what happens.',
          stage: 'additional',
          actions: [],
        },
      ],
    },
    {
      id: 'endpoints',
      name: 'Endpoints',
      aliases: ['devices'],
      summary: 'Know, manage and check the health of every device before it gets access.',
      url: `${ZT}/deploy/endpoints`,
      objectives: [
        {
          id: 'register',
          number: 'I',
          title: 'Endpoints are registered',
          summary: 'Register devices with the identity provider.',
          stage: 'initial',
          actions: [],
        },
      ],
    },
  ],
  ramp: {
    overview: { title: 'Zero Trust Rapid Modernization Plan', summary: 'Prioritized initiatives with numbered steps.', url: `${ZT}/zero-trust-ramp-overview` },
    retired: '2025-02-27',
    snapshot: '2025-02-18',
    initiatives: [
      {
        id: 'user-access-productivity',
        name: 'User access and productivity',
        aliases: [],
        priority: 'top',
        summary: 'Safe access for people.',
        url: `${ZT}/user-access-productivity-overview`,
        steps: [
          {
            id: 'validate-trust',
            number: 1,
            name: 'Explicitly validate trust for all access requests',
            aliases: [],
            summary: 'Check every access request on its merits.',
            url: `${ZT}/user-access-productivity-validate-trust`,
            areas: [
              { id: 'identities', name: 'Identities', summary: 'Strong sign-in for every account.', anchor: 'identities' },
              { id: 'endpoints', name: 'Endpoints (devices)', summary: 'Only compliant devices get in.' },
            ],
            checklist: 'validate-trust',
          },
        ],
      },
      {
        id: 'data-compliance-governance',
        name: 'Data, compliance, and governance',
        aliases: [],
        priority: 'top',
        summary: 'Protect data and recover from ransomware.',
        url: `${ZT}/data-compliance-governance-overview`,
        steps: [
          {
            id: 'ransomware-recovery-readiness',
            number: 2,
            name: 'Ransomware recovery readiness',
            aliases: ['ransomware'],
            summary: 'Have backups attackers cannot reach, and practise restoring them.',
            url: `${ZT}/data-compliance-gov-ransomware-recovery-readiness`,
            areas: [{ id: 'secure-backups', name: 'Secure backups', summary: 'Protect and test backups.' }],
          },
        ],
      },
      {
        id: 'ot-industrial-iot',
        name: 'OT and industrial IoT',
        aliases: [],
        priority: 'as-needed',
        summary: 'Discover, protect and monitor OT.',
        steps: [
          { id: 'ot-discover', name: 'Discover OT devices', aliases: [], summary: 'Find what is on the OT network.', areas: [] },
          { id: 'ot-protect', name: 'Protect OT devices', aliases: [], summary: 'Segment and harden.', areas: [] },
        ],
      },
    ],
  },
  checklists: [
    {
      id: 'validate-trust',
      step: 'validate-trust',
      title: 'Explicitly validate trust for all access requests',
      aliases: [],
      summary: 'Checklist for RaMP step 1.',
      url: `${ZT}/user-access-productivity-validate-trust`,
      areas: [
        {
          id: 'identities',
          name: 'Identities',
          accountabilities: [],
          items: [
            { id: 'mfa', number: 1, text: 'Require MFA for all users.', role: 'Identity Admin' },
            { id: 'sspr', number: 2, text: 'Turn on self-service password reset.', role: 'Identity Admin' },
          ],
        },
        { id: 'endpoints', name: 'Endpoints', accountabilities: [], items: [{ id: 'enroll', number: 1, text: 'Enroll devices.', role: 'Endpoint Admin' }] },
      ],
    },
  ],
  docSets: [
    {
      id: 'architect-guidance',
      name: 'Architecture guidance',
      summary: 'Reference architectures and design decisions.',
      url: `${ZT}/zero-trust-overview`,
      audience: 'security architects',
    },
    {
      id: 'deployment-objectives',
      name: 'Deployment objectives by pillar',
      summary: 'What to deploy, pillar by pillar.',
      url: `${ZT}/deploy/overview`,
      audience: 'IT implementers',
    },
  ],
  roles: [
    {
      id: 'security-architect',
      name: 'Security architect',
      aliases: ['architect'],
      summary: 'Designs the Zero Trust architecture and sets the standards.',
      docSets: ['architect-guidance', 'deployment-objectives'],
      rampSteps: ['validate-trust', 'ransomware-recovery-readiness'],
      startHere: `${ZT}/zero-trust-overview`,
    },
    {
      id: 'it-implementer',
      name: 'IT implementer',
      aliases: [],
      summary: 'Configures the products.',
      docSets: ['deployment-objectives'],
      rampSteps: [],
      startHere: `${ZT}/deploy/overview`,
    },
  ],
  azure: {
    articles: [
      {
        id: 'azure-overview',
        title: 'Apply Zero Trust principles to Azure services',
        aliases: [],
        summary: 'Where to begin with Azure.',
        url: `${ZT}/apply-zero-trust-azure-services-overview`,
        group: 'overview',
      },
      {
        id: 'azure-iaas',
        title: 'Apply Zero Trust principles to Azure IaaS',
        aliases: [],
        summary: 'VMs, storage and their networks.',
        url: `${ZT}/azure-infrastructure-overview`,
        group: 'infrastructure',
      },
      {
        id: 'azure-networking',
        title: 'Apply Zero Trust principles to Azure networking',
        aliases: [],
        summary: 'Segment, encrypt and inspect traffic.',
        url: `${ZT}/azure-networking-overview`,
        group: 'networking',
      },
    ],
    stack: [
      { id: 'workload', name: 'Workload', summary: 'The application and its data.', articles: ['azure-overview'] },
      { id: 'platform', name: 'Platform', summary: 'Networking and identity under it.', articles: ['azure-iaas', 'azure-networking'] },
    ],
  },
  synonyms: [{ term: 'MFA', kind: 'acronym', means: ['multifactor authentication'] }],
  articles: {
    source: 'test',
    snapshot: '2025-02-18',
    articles: [
      {
        path: 'zero-trust-overview',
        title: 'What is Zero Trust?',
        url: `${ZT}/zero-trust-overview`,
        date: '2024-05-01',
        topic: 'overview',
        tags: [],
        status: 'live',
        headings: [
          { level: 2, text: 'Guiding principles of Zero Trust', anchor: 'guiding-principles-of-zero-trust' },
          { level: 2, text: 'Next steps', anchor: 'next-steps' },
        ],
      },
    ],
  },
  redirects: {
    '/security/zero-trust/zero-trust-ramp-overview': `${ZT}/deploy/overview`,
    '/security/zero-trust/data-compliance-gov-ransomware-recovery-readiness': 'https://learn.microsoft.com/security/ransomware/protect-against-ransomware',
    '/security/zero-trust/data-compliance-governance-overview': `${ZT}/deploy/data`,
  },
  asks: new Map(),
  startingPoints: [{ path: 'zero-trust-overview', why: 'what it is' }],
  frameworks: [],
  retired: [],
  shortTitles: {},
  taught: [],
};

export function result(partial: Partial<SearchResult> & Pick<SearchResult, 'id' | 'kind' | 'title' | 'url'>): SearchResult {
  return { retired: false, score: 10, confidence: 0.8, ...partial };
}

/** A confident answer whose best match is a retired RaMP step. */
export const retiredRampResponse: SearchResponse = {
  query: 'how do we recover from ransomware',
  corrections: {},
  expanded: [],
  results: [
    result({
      id: 'ramp-step:ransomware-recovery-readiness',
      kind: 'ramp-step',
      title: 'Ransomware recovery readiness',
      url: 'https://learn.microsoft.com/security/ransomware/protect-against-ransomware',
      originalUrl: `${ZT}/data-compliance-gov-ransomware-recovery-readiness`,
      retired: true,
      summary: 'Have backups attackers cannot reach, and practise restoring them.',
      context: 'RaMP step 2 · Data, compliance, and governance',
      date: '2025-02-18',
      confidence: 0.82,
    }),
    result({
      id: 'article:zero-trust-overview',
      kind: 'article',
      title: 'What is Zero Trust?',
      url: `${ZT}/zero-trust-overview`,
      context: 'Microsoft Learn article',
      date: '2024-05-01',
      confidence: 0.4,
    }),
    result({
      id: 'section:deploy/data#backups',
      kind: 'section',
      title: 'Back up [critical] data',
      url: `${ZT}/deploy/data#backups`,
      context: 'Secure data with Zero Trust',
      confidence: 0.3,
    }),
    result({
      id: 'pillar:identity',
      kind: 'pillar',
      title: 'Identities',
      url: `${ZT}/deploy/identity`,
      summary: 'Strong authentication.',
      context: 'Technology pillar',
      confidence: 0.2,
    }),
    result({
      id: 'pillar:endpoints',
      kind: 'pillar',
      title: 'Endpoints',
      url: `${ZT}/deploy/endpoints`,
      summary: 'Devices.',
      context: 'Technology pillar',
      confidence: 0.1,
    }),
  ],
};

export const lowConfidenceResponse: SearchResponse = {
  query: 'conditonal stuff',
  corrections: { conditonal: 'conditional' },
  expanded: [],
  results: [
    result({
      id: 'objective:identity/conditional-access',
      kind: 'objective',
      title: 'Conditional Access policies gate access',
      url: `${ZT}/deploy/identity`,
      context: 'Identities pillar · initial deployment objective II',
      confidence: 0.3,
    }),
    result({ id: 'article:zero-trust-overview', kind: 'article', title: 'What is Zero Trust?', url: `${ZT}/zero-trust-overview`, confidence: 0.2 }),
    result({ id: 'pillar:identity', kind: 'pillar', title: 'Identities', url: `${ZT}/deploy/identity`, confidence: 0.2 }),
    result({ id: 'pillar:endpoints', kind: 'pillar', title: 'Endpoints', url: `${ZT}/deploy/endpoints`, confidence: 0.1 }),
    result({ id: 'ramp:overview', kind: 'ramp', title: 'Zero Trust Rapid Modernization Plan', url: `${ZT}/deploy/overview`, confidence: 0.1 }),
  ],
};

export const emptyResponse: SearchResponse = { query: 'xyzzy plugh', corrections: {}, expanded: [], results: [] };

/** An insights summary as the admins' card gets it: two groups, two pages, four weeks. */
export const insightsSummary: InsightsSummary = {
  unansweredFrom: '2026-11-14',
  votesFrom: '2026-10-24',
  to: '2026-11-20',
  missed: { questions: 5, people: 3 },
  groups: [
    {
      terms: ['passkeys', 'frontline'],
      questions: 3,
      people: 2,
      examples: [
        { query: 'passkeys for frontline workers', kind: 'no-results' },
        { query: 'how do frontline staff use passkeys [kiosk]', kind: 'did-you-mean', resultId: 'pillar:identity' },
      ],
    },
    { terms: ['printers'], questions: 2, people: 1, examples: [{ query: 'zero trust for printers', kind: 'low-confidence', resultId: 'pillar:endpoints' }] },
  ],
  pages: [
    { resultId: 'pillar:identity', helpful: 2, notHelpful: 3, answers: 4 },
    { resultId: 'page:unknown', helpful: 1, notHelpful: 0, answers: 1 },
  ],
  weeks: [
    { week: '2026-11-16', questions: 40, answered: 35, unanswered: 5, lowConfidence: 2 },
    { week: '2026-11-09', questions: 51, answered: 44, unanswered: 7, lowConfidence: 3 },
    { week: '2026-11-02', questions: 0, answered: 0, unanswered: 0, lowConfidence: 0 },
    { week: '2026-10-26', questions: 12, answered: 12, unanswered: 0, lowConfidence: 0 },
  ],
  recording: true,
  retentionDays: 90,
};
