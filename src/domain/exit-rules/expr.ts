// The criteria's expression language: small on purpose. A criterion is one plain expression over
// named facts and parameters, e.g. `netIncomePerCapita - minimumLivingAllowancePerCapita > povertyLine`.
// Text is parsed to an AST here; types are checked in check.ts; compile.ts turns the AST into
// nested closures. Nothing here ever hands user text to eval or new Function.

export type ValueType = 'number' | 'boolean' | 'string';

export type Node =
  | { readonly kind: 'number'; readonly value: number; readonly pos: number }
  | { readonly kind: 'string'; readonly value: string; readonly pos: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly pos: number }
  | { readonly kind: 'name'; readonly name: string; readonly pos: number }
  | { readonly kind: 'unary'; readonly op: '-' | 'not'; readonly arg: Node; readonly pos: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Node; readonly right: Node; readonly pos: number }
  | { readonly kind: 'in'; readonly arg: Node; readonly list: readonly (string | number)[]; readonly pos: number }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Node[]; readonly pos: number };

export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

/** A syntax or type problem at a character offset of the expression. */
export class ExprError extends Error {
  constructor(
    readonly pos: number,
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}

type Token =
  | { readonly t: 'num'; readonly v: number; readonly pos: number }
  | { readonly t: 'str'; readonly v: string; readonly pos: number }
  | { readonly t: 'id'; readonly v: string; readonly pos: number }
  | { readonly t: 'op'; readonly v: string; readonly pos: number }
  | { readonly t: 'end'; readonly pos: number };

const operators = ['<=', '>=', '==', '!=', '&&', '||', '<', '>', '+', '-', '*', '/', '(', ')', '[', ']', ',', '!'];
const words: Record<string, string> = { and: 'and', or: 'or', not: 'not', in: 'in', '&&': 'and', '||': 'or', '!': 'not' };

export const functions: Readonly<Record<string, { readonly min: number; readonly max: number }>> = {
  min: { min: 2, max: 8 },
  max: { min: 2, max: 8 },
  abs: { min: 1, max: 1 },
  if: { min: 3, max: 3 },
};

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(text.slice(i));
    if (num) {
      tokens.push({ t: 'num', v: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id) {
      tokens.push({ t: 'id', v: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new ExprError(i, '字符串缺少结束引号', 'unterminated string');
      tokens.push({ t: 'str', v: text.slice(i + 1, end), pos: i });
      i = end + 1;
      continue;
    }
    const op = operators.find((o) => text.startsWith(o, i));
    if (!op) throw new ExprError(i, `无法识别的字符“${c}”`, `unexpected character '${c}'`);
    tokens.push({ t: 'op', v: op, pos: i });
    i += op.length;
  }
  tokens.push({ t: 'end', pos: text.length });
  return tokens;
}

/** Parses an expression; throws ExprError naming the offset and what was expected. */
export function parseExpr(text: string): Node {
  const tokens = tokenize(text);
  let k = 0;
  const peek = (): Token => tokens[k] ?? { t: 'end', pos: text.length };
  // Own properties only: a name like `constructor` must not find Object.prototype.
  const word = (tok: Token): string | null => (tok.t === 'id' || tok.t === 'op' ? (Object.hasOwn(words, tok.v) ? (words[tok.v] ?? null) : tok.t === 'op' ? tok.v : null) : null);
  const isOp = (tok: Token, v: string): boolean => word(tok) === v;
  const next = (): Token => tokens[k++] ?? { t: 'end', pos: text.length };
  const expect = (v: string): void => {
    const tok = next();
    if (!isOp(tok, v)) throw new ExprError(tok.pos, `此处应为“${v}”`, `expected '${v}'`);
  };

  function binaryLevel(ops: readonly string[], sub: () => Node): () => Node {
    return () => {
      let left = sub();
      for (;;) {
        const tok = peek();
        const w = word(tok);
        if (w === null || !ops.includes(w)) return left;
        next();
        const right = sub();
        left = { kind: 'binary', op: w as BinaryOp, left, right, pos: tok.pos };
      }
    };
  }

  const primary = (): Node => {
    const tok = next();
    if (tok.t === 'num') return { kind: 'number', value: tok.v, pos: tok.pos };
    if (tok.t === 'str') return { kind: 'string', value: tok.v, pos: tok.pos };
    if (tok.t === 'op' && tok.v === '(') {
      const inner = orLevel();
      expect(')');
      return inner;
    }
    if (tok.t === 'id' && !Object.hasOwn(words, tok.v)) {
      if (tok.v === 'true' || tok.v === 'false') return { kind: 'boolean', value: tok.v === 'true', pos: tok.pos };
      if (isOp(peek(), '(')) {
        const spec = Object.hasOwn(functions, tok.v) ? functions[tok.v] : undefined;
        if (!spec) throw new ExprError(tok.pos, `未知函数“${tok.v}”（可用：${Object.keys(functions).join('、')}）`, `unknown function '${tok.v}'`);
        next();
        const args: Node[] = [];
        if (!isOp(peek(), ')')) {
          args.push(orLevel());
          while (isOp(peek(), ',')) {
            next();
            args.push(orLevel());
          }
        }
        expect(')');
        if (args.length < spec.min || args.length > spec.max) throw new ExprError(tok.pos, `函数 ${tok.v} 的参数个数不对`, `wrong number of arguments to ${tok.v}`);
        return { kind: 'call', fn: tok.v, args, pos: tok.pos };
      }
      return { kind: 'name', name: tok.v, pos: tok.pos };
    }
    throw new ExprError(tok.pos, tok.t === 'end' ? '表达式不完整' : '此处应为数值、名称或括号', tok.t === 'end' ? 'incomplete expression' : 'expected a value, a name or a parenthesis');
  };
  const unary = (): Node => {
    const tok = peek();
    if (isOp(tok, '-')) {
      next();
      return { kind: 'unary', op: '-', arg: unary(), pos: tok.pos };
    }
    return primary();
  };
  const mul = binaryLevel(['*', '/'], unary);
  const add = binaryLevel(['+', '-'], mul);
  const cmp = (): Node => {
    const left = add();
    const tok = peek();
    const w = word(tok);
    if (w === 'in') {
      next();
      expect('[');
      const list: (string | number)[] = [];
      while (!isOp(peek(), ']')) {
        const item = next();
        if (item.t === 'num' || item.t === 'str') list.push(item.v);
        else throw new ExprError(item.pos, 'in 列表只能包含数值或字符串', 'an in-list holds numbers or strings only');
        if (isOp(peek(), ',')) next();
        else if (!isOp(peek(), ']')) throw new ExprError(peek().pos, '此处应为“,”或“]”', "expected ',' or ']'");
      }
      next();
      return { kind: 'in', arg: left, list, pos: tok.pos };
    }
    if (w !== null && ['<', '<=', '>', '>=', '==', '!='].includes(w)) {
      next();
      return { kind: 'binary', op: w as BinaryOp, left, right: add(), pos: tok.pos };
    }
    return left;
  };
  const notLevel = (): Node => {
    const tok = peek();
    if (isOp(tok, 'not')) {
      next();
      return { kind: 'unary', op: 'not', arg: notLevel(), pos: tok.pos };
    }
    return cmp();
  };
  const andLevel = binaryLevel(['and'], notLevel);
  const orLevel = binaryLevel(['or'], andLevel);

  const root = orLevel();
  const rest = peek();
  if (rest.t !== 'end') throw new ExprError(rest.pos, '表达式在此处多出内容', 'unexpected text after the expression');
  return root;
}

/** The names an expression reads, in order of first appearance. */
export function namesOf(node: Node, into: string[] = []): string[] {
  switch (node.kind) {
    case 'name':
      if (!into.includes(node.name)) into.push(node.name);
      break;
    case 'unary':
    case 'in':
      namesOf(node.arg, into);
      break;
    case 'binary':
      namesOf(node.left, into);
      namesOf(node.right, into);
      break;
    case 'call':
      for (const a of node.args) namesOf(a, into);
      break;
    default:
      break;
  }
  return into;
}
