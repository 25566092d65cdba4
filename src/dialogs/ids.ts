// The dialogs' ids, apart from the dialogs themselves: the router names a dialog without loading
// botbuilder-dialogs, which is loaded on the first dialog (see dialog-set.ts).
export const ROLE_ONBOARDING = 'roleOnboarding';
export const PILLAR_WALKTHROUGH = 'pillarWalkthrough';
