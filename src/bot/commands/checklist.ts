// The commands of a team's RaMP checklists: post one, see progress, export it. Entries of the command table
// (see ../command-spec.ts); their handlers are in ../handlers/checklist-commands.ts.
import { commandTable } from '../command-spec.js';
import { exportProgress, postChecklist, showProgress } from '../handlers/checklist-commands.js';
import { digest } from '../handlers/digest.js';

/** "for ransomware", "on data protection": the words that join a command to what it is about. */
const ABOUT = String.raw`(?:\s+(?:for|on|about|of|from))?`;

export const CHECKLIST_COMMANDS = commandTable([
  {
    name: 'checklist',
    words: ['checklist', 'checklists'],
    args: 'optional',
    phrases: [
      new RegExp(
        String.raw`^(?:post|share|put up|run|start|begin|open|bring up|get)(?: us| me)? (?:a |the |our )?(?:ramp )?checklists?${ABOUT}(?: (?:the )?(.+?))?(?: checklist)?(?: here| in this channel)?$`,
      ),
    ],
    help: [{ usage: 'checklist …', what: 'Post a RaMP checklist for the team to work through, e.g. “checklist ransomware”' }],
    manifest: { title: 'checklist', description: 'checklist <step>: post a RaMP checklist to work through together' },
    run: postChecklist,
  },
  {
    name: 'progress',
    words: ['progress', 'status'],
    args: 'none',
    phrases: [
      /^(?:our|team|the team s|the teams|checklist|checklists) (?:progress|status)$/,
      /^how far (?:are we|have we got|along are we)(?: with (?:the |our )?checklists?)?$/,
      /^(?:where|how) are we (?:at|with (?:the |our )?checklists?)$/,
    ],
    help: [{ usage: 'progress', what: 'How far this team is with each checklist, and the latest changes' }],
    manifest: { title: 'progress', description: 'How far this team is with its checklists' },
    run: showProgress,
  },
  {
    name: 'export',
    words: ['export', 'report'],
    args: 'optional',
    phrases: [/^(?:download|export|send me) (?:the |our )?(?:progress|checklist) (?:report|summary|csv|as csv)$/],
    help: [{ usage: 'export', what: 'The team’s checklist progress as Markdown and CSV' }],
    manifest: { title: 'export', description: "Export this team's checklist progress" },
    run: exportProgress,
  },
  {
    // A weekly digest of the team's checklists, posted here; `digest off` stops it.
    name: 'digest',
    words: ['digest'],
    args: 'optional',
    phrases: [
      /^(?:send|post|give)(?: us| me)? (?:a |the )?weekly (?:digest|summary|update)(?: (.+))?$/,
      /^(stop|turn off|cancel) (?:the |our )?(?:weekly )?digest$/,
    ],
    help: [
      { usage: 'digest weekly monday 09:00', what: 'Post a digest of the checklists here every week (your time zone), and remind owners of overdue items' },
      { usage: 'digest', what: 'This week’s digest now; “digest off” stops the weekly one' },
    ],
    run: digest,
  },
]);
