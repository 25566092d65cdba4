// The pages the Teams app manifest points at (websiteUrl, privacyUrl, termsOfUseUrl), served by the bot
// itself so they exist wherever it is deployed: what the app is, what it keeps, and on what terms.
// Plain, self-contained HTML: no scripts, no external resources.

export type SitePage = { path: string; title: string; body: string };

const LEARN = 'https://learn.microsoft.com/security/zero-trust/';
const LICENCE = 'https://creativecommons.org/licenses/by/4.0/';
const REPO = 'https://github.com/MicrosoftDocs/security';

export const SITE_PAGES: SitePage[] = [
  {
    path: '/',
    title: 'Zero Trust guide for Microsoft Teams',
    body: `
<p>A Teams app for the people who roll out Zero Trust: ask a question in a chat or a channel and get a card
that answers it and links to the right place in <a href="${LEARN}">Microsoft's Zero Trust guidance</a>:
a Rapid Modernization Plan step, a pillar objective, an article section, or the documentation set for your
role. Teams work through RaMP checklists together, and the bot keeps their progress.</p>
<p>Guidance text shown in the cards is quoted from Microsoft Learn (<a href="${REPO}">MicrosoftDocs/security</a>,
<a href="${LICENCE}">CC BY 4.0</a>) and marked as such; summaries are written in our own words.</p>
<p><a href="/privacy">Privacy</a> · <a href="/terms">Terms of use</a></p>`,
  },
  {
    path: '/privacy',
    title: 'Privacy',
    body: `
<p>This app runs in the organization that installed it: everything it keeps stays in that organization's
own deployment (files on its server, or its Azure Storage account). It is not sent to us or to anyone else.</p>
<h2>What it keeps</h2>
<ul>
<li>Where it was installed (the conversation's reference), so that it can post checklists and notices there;
removed when the app is uninstalled.</li>
<li>Checklist progress of a team: each item's status, and who changed it and when (their Teams id and
display name), so the team can see who did what.</li>
<li>Where someone is in a dialog (role onboarding, pillar walkthrough), per person and conversation.</li>
<li>"Helpful / Not helpful" clicks: the question, the page it answered with, the conversation and the
clicker's Teams id.</li>
</ul>
<h2>What it does not keep</h2>
<p>Questions are answered and not stored (except with a feedback click). It reads no messages that do not
address it, and no files.</p>
<h2>What it fetches</h2>
<p>Microsoft's public Zero Trust documentation, from GitHub, to quote it in answers. Links in the cards open
Microsoft Learn in your browser.</p>
<p>Questions about this data go to the administrators of the organization that installed the app.</p>`,
  },
  {
    path: '/terms',
    title: 'Terms of use',
    body: `
<p>The app gives pointers to Microsoft's published Zero Trust guidance. It is guidance, not a security
assessment: check each recommendation against Microsoft Learn and your organization's own needs before you
act on it.</p>
<p>Text quoted from Microsoft Learn is © Microsoft, used under <a href="${LICENCE}">CC BY 4.0</a>; the app
names the source and links to it on every card that shows guidance. Microsoft names are used to refer to
Microsoft's products, not as endorsement.</p>
<p>The app is provided as is, without warranty. The organization that installed it decides who may use it
and how long its data is kept.</p>`,
  },
];

/** A page as a complete HTML document. */
export function renderPage(page: SitePage): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<style>body{font-family:'Segoe UI',Arial,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#242424}a{color:#5b5fc7}</style>
</head><body><h1>${page.title}</h1>${page.body}
</body></html>
`;
}
