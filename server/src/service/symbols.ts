/** Document symbols: the policy and its statements by Sid, so the outline and breadcrumbs work. */
import type { Node } from 'jsonc-parser';
import type { PolicyModel, Statement } from './model';

export type SymbolKind = 'policy' | 'statement' | 'element';

export interface DocumentSymbolEntry {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole element. */
  offset: number;
  length: number;
  /** What to select when the symbol is picked (the Sid value, or the statement's opening brace). */
  selectionOffset: number;
  selectionLength: number;
  children: DocumentSymbolEntry[];
}

const ELEMENTS = ['Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

function statementName(st: Statement): string {
  return st.sid?.value.trim() ? st.sid.value : `Statement ${st.index + 1}`;
}

function statementDetail(st: Statement): string {
  const actions = st.action?.items.map((a) => a.value) ?? st.notAction?.items.map((a) => `not ${a.value}`) ?? [];
  const shown = actions.length > 3 ? `${actions.slice(0, 3).join(', ')}, +${actions.length - 3}` : actions.join(', ');
  return [st.effect?.value, shown].filter(Boolean).join(' ');
}

function elementSymbol(property: Node): DocumentSymbolEntry {
  const key = property.children![0]!;
  return { name: String(key.value), kind: 'element', offset: property.offset, length: property.length,
    selectionOffset: key.offset, selectionLength: key.length, children: [] };
}

export function documentSymbols(model: PolicyModel): DocumentSymbolEntry[] {
  if (model.kind === 'not-a-policy' || !model.root) return [];
  const statements = model.statements.map((st): DocumentSymbolEntry => {
    const select = st.sid?.node ?? st.node;
    return {
      name: statementName(st),
      detail: statementDetail(st),
      kind: 'statement',
      offset: st.node.offset, length: st.node.length,
      selectionOffset: select.offset, selectionLength: st.sid ? select.length : 1,
      children: ELEMENTS.flatMap((name) => { const p = st.properties.get(name); return p ? [elementSymbol(p)] : []; }),
    };
  });
  const statementProperty = model.properties.get('Statement');
  if (!statementProperty) return statements;
  const key = statementProperty.children![0]!;
  return [{
    name: 'Statement', detail: `${model.statements.length} statement${model.statements.length === 1 ? '' : 's'}`, kind: 'policy',
    offset: statementProperty.offset, length: statementProperty.length,
    selectionOffset: key.offset, selectionLength: key.length, children: statements,
  }];
}
