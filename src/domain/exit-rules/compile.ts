// Type checking and compilation of criterion expressions. The AST is walked once into nested
// closures (no code generation), so a rule set compiled for a year evaluates a million units
// with plain function calls. Parameters are folded to constants at compile time.
import { ExprError, type Node, type ValueType } from './expr.js';
import type { Facts } from './facts.js';

export type Value = number | boolean | string;
export type Compiled = (facts: Facts) => Value;

const typeZh: Record<ValueType, string> = { number: '数值', boolean: '是/否', string: '文字' };

function mismatch(pos: number, what: string, want: ValueType, got: ValueType): ExprError {
  return new ExprError(pos, `类型错误：${what}需要${typeZh[want]}，这里是${typeZh[got]}`, `type error: ${what} needs ${want}, got ${got}`);
}

/** The type of an expression, given the type of every name it may read; throws ExprError. */
export function typeOf(node: Node, env: (name: string) => ValueType | undefined): ValueType {
  const need = (n: Node, want: ValueType, what: string): void => {
    const got = typeOf(n, env);
    if (got !== want) throw mismatch(n.pos, what, want, got);
  };
  switch (node.kind) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'name': {
      const t = env(node.name);
      if (!t) throw new ExprError(node.pos, `未知的事实或参数“${node.name}”`, `unknown fact or parameter '${node.name}'`);
      return t;
    }
    case 'unary':
      need(node.arg, node.op === '-' ? 'number' : 'boolean', node.op === '-' ? '负号' : 'not');
      return node.op === '-' ? 'number' : 'boolean';
    case 'in': {
      const t = typeOf(node.arg, env);
      for (const item of node.list) {
        const it: ValueType = typeof item === 'number' ? 'number' : 'string';
        if (it !== t) throw mismatch(node.pos, 'in 列表', t, it);
      }
      return 'boolean';
    }
    case 'binary': {
      const { op } = node;
      if (op === 'and' || op === 'or') {
        need(node.left, 'boolean', op);
        need(node.right, 'boolean', op);
        return 'boolean';
      }
      if (op === '==' || op === '!=') {
        const l = typeOf(node.left, env);
        const r = typeOf(node.right, env);
        if (l !== r) throw mismatch(node.pos, `“${op}”右侧`, l, r);
        return 'boolean';
      }
      need(node.left, 'number', `“${op}”左侧`);
      need(node.right, 'number', `“${op}”右侧`);
      return op === '+' || op === '-' || op === '*' || op === '/' ? 'number' : 'boolean';
    }
    case 'call': {
      if (node.fn === 'if') {
        const [c, a, b] = node.args;
        if (!c || !a || !b) throw new ExprError(node.pos, 'if 需要三个参数', 'if takes three arguments');
        need(c, 'boolean', 'if 的条件');
        const t = typeOf(a, env);
        need(b, t, 'if 的两个分支');
        return t;
      }
      for (const a of node.args) need(a, 'number', node.fn);
      return 'number';
    }
  }
}

/**
 * Compiles a type-checked expression. `constant(name)` gives a parameter's value for the year,
 * or undefined for a fact (read from the unit's facts at evaluation).
 */
export function compile(node: Node, constant: (name: string) => Value | undefined): Compiled {
  switch (node.kind) {
    case 'number':
    case 'string':
    case 'boolean': {
      const v = node.value;
      return () => v;
    }
    case 'name': {
      const c = constant(node.name);
      if (c !== undefined) return () => c;
      const name = node.name;
      // Facts are checked for null before a criterion runs, so the cast below sees only values.
      return (f) => f[name] as Value;
    }
    case 'unary': {
      const a = compile(node.arg, constant);
      return node.op === '-' ? (f) => -(a(f) as number) : (f) => !a(f);
    }
    case 'in': {
      const a = compile(node.arg, constant);
      const set = new Set<Value>(node.list);
      return (f) => set.has(a(f));
    }
    case 'binary':
      return binary(node.op, compile(node.left, constant), compile(node.right, constant));
    case 'call': {
      const args = node.args.map((a) => compile(a, constant));
      const [x, y, z] = args;
      if (node.fn === 'if' && x && y && z) return (f) => (x(f) ? y(f) : z(f));
      if (node.fn === 'abs' && x) return (f) => Math.abs(x(f) as number);
      if (node.fn === 'min') return (f) => Math.min(...args.map((g) => g(f) as number));
      return (f) => Math.max(...args.map((g) => g(f) as number));
    }
  }
}

function binary(op: string, l: Compiled, r: Compiled): Compiled {
  // The casts are safe: typeOf has proved each operand's type before compile runs.
  switch (op) {
    case '+':
      return (f) => (l(f) as number) + (r(f) as number);
    case '-':
      return (f) => (l(f) as number) - (r(f) as number);
    case '*':
      return (f) => (l(f) as number) * (r(f) as number);
    case '/':
      return (f) => (l(f) as number) / (r(f) as number);
    case '<':
      return (f) => l(f) < r(f);
    case '<=':
      return (f) => l(f) <= r(f);
    case '>':
      return (f) => l(f) > r(f);
    case '>=':
      return (f) => l(f) >= r(f);
    case '==':
      return (f) => l(f) === r(f);
    case '!=':
      return (f) => l(f) !== r(f);
    case 'and':
      return (f) => (l(f) as boolean) && (r(f) as boolean);
    default:
      return (f) => (l(f) as boolean) || (r(f) as boolean);
  }
}
