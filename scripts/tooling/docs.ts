// The parts of docs/DEPLOY.md generated from code (collections and their rules, the settings document),
// so the guide cannot drift from what the functions expect: the doctor compares, `--fix` rewrites.
import type { Settings } from '../../core/domain/settings';
import { CollectionDeclaration, describeRead, expectedRule } from './project';

export const DEPLOY_DOC = 'docs/DEPLOY.md';

/** Why each collection's clients read what they read; a collection added later falls back to its policy. */
const WHY: Record<string, string> = {
  settings:
    'Holds the admin list and the commission rates; pages get what they need through `admin settings.get`.',
  users:
    'A shopper may see their own profile and binding; reading others would leak who invited whom. Query with `_id: "{openid}"`.',
  invites: 'Codes resolve to people only inside `join.enter`, so codes cannot be enumerated.',
  products:
    'The catalogue is public, but an item taken off sale (`status: "off"`) disappears. Queries must say `status: "on"`.',
  orders:
    'An order holds who earns from it and at what rate; the buyer sees their orders without that through `order.list` / `order.detail`.',
  commissions: "Money: a distributor's ledger is served by `wallet.ledger`, which checks identity and pages.",
  accounts: 'Money: balances are served by `wallet.summary`.',
  ledger:
    "Money: every movement of a distributor's balances; served by `wallet.ledger` and `admin` analytics.",
  withdrawals: 'Money: served by `wallet.withdrawals`; reviewed through `admin`.',
  refunds: 'Amounts and provider state: served through `order` and `admin`.',
  events: 'The audit log names other users; only the merchant reads it, through `admin`.',
};

const POLICY_WHY: Record<CollectionDeclaration['clientRead'], string> = {
  none: 'Read only through cloud functions, which check identity.',
  own: 'A client may read only its own documents.',
  public: 'Public catalogue data.',
};

function indexText(declaration: CollectionDeclaration): string {
  if (declaration.indexes.length === 0) return '—';
  return declaration.indexes
    .map((index) => {
      const keys = Object.entries(index.keys)
        .map(([field, direction]) => `${field} ${direction === 1 ? '↑' : '↓'}`)
        .join(', ');
      const flags = [index.unique ? 'unique' : '', index.sparse ? 'sparse' : ''].filter(Boolean).join(' ');
      return `\`${index.name}\` (${keys}${flags ? `; ${flags}` : ''})`;
    })
    .join('<br>');
}

export function collectionsTable(collections: Record<string, CollectionDeclaration>): string {
  const rows = Object.entries(collections).map(([name, declaration]) => {
    const rule = expectedRule(name, declaration);
    const cells = [
      `\`${name}\``,
      declaration.purpose,
      describeRead(declaration),
      `\`${JSON.stringify(rule)}\``,
      WHY[name] ?? POLICY_WHY[declaration.clientRead],
      indexText(declaration),
    ];
    // Escaped so that "<orderId>" shows as text instead of vanishing as an unknown HTML tag.
    const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return `| ${cells.map(escape).join(' | ')} |`;
  });
  return [
    '| Collection | Holds | A client may read | Rule (`database-rules/<name>.json`) | Why | Indexes |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function settingsBlock(defaults: Settings): string {
  const document = { _id: 'global', ...defaults, admins: ['<your openid>'] };
  return ['```json', JSON.stringify(document, null, 2), '```'].join('\n');
}

function markers(name: string): [string, string] {
  return [`<!-- generated:${name}:start (npm run doctor -- --fix) -->`, `<!-- generated:${name}:end -->`];
}

/** The text between a block's markers, or undefined when the markers are missing. */
export function readBlock(text: string, name: string): string | undefined {
  const [start, end] = markers(name);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return undefined;
  return text.slice(from + start.length, to).trim();
}

export function writeBlock(text: string, name: string, content: string): string {
  const [start, end] = markers(name);
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${DEPLOY_DOC} has no ${start} … ${end} block`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

export const GENERATED_BLOCKS = ['collections', 'settings'] as const;
export type GeneratedBlock = (typeof GENERATED_BLOCKS)[number];

