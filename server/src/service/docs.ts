/** Where a rule's documentation lives (the generated rule list in the repository). */
export const REPO_URL = 'https://github.com/hlkms/hlkms';
export const ruleDocsUrl = (id: string): string => `${REPO_URL}/blob/main/docs/rules.md#${id}`;
