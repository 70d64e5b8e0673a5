/**
 * Tokenizer and recursive-descent parser for rule expressions (the filtrex 3 language,
 * minus regular expressions and object access). It exists to give every problem a
 * character offset, to list the names an expression reads, and to hand filtrex a source
 * it wrote itself (see expression-runtime.ts), so that what is checked is what is run.
 *
 * Grammar, filtrex's precedences, lowest first:
 *
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := member ("and" member)*
 *   member  := rel (("in" | "not" "in") list)*
 *   rel     := sum (relop sum)*             relop: == != < <= > >=  (a < b < c = a < b and b < c)
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/" | "mod") unary)*
 *   unary   := ("-" | "not") unary | power  (so `not x < 3` is `(not x) < 3`, as in filtrex)
 *   power   := primary ("^" unary)?         (right-associative)
 *   primary := number | "string" | name | 'quoted name' | name "(" [expr ("," expr)*] ")"
 *            | "(" expr ")" | "if" expr "then" expr "else" expr   (the else branch extends to the end)
 *   list    := "(" expr ("," expr)* ")"
 *
 *   number  := [0-9]+ ("." [0-9]+)?         name := [letter$_][.letter digit$_]* (letters in any script: Région)
 *   strings are double-quoted, names may be single-quoted; both escape only \" (\') and \\.
 */

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";
export type ArithOp = "+" | "-" | "*" | "/" | "^" | "mod";

interface Span {
  /** offset of the node's first character */
  start: number;
  /** offset just after its last character */
  end: number;
}

export type Node =
  | (Span & { kind: "number"; value: number })
  | (Span & { kind: "string"; value: string })
  | (Span & { kind: "field"; name: string; quoted: boolean })
  | (Span & { kind: "neg"; operand: Node })
  | (Span & { kind: "not"; operand: Node })
  | (Span & { kind: "arith"; op: ArithOp; opOffset: number; left: Node; right: Node })
  | (Span & { kind: "logic"; op: "and" | "or"; opOffset: number; left: Node; right: Node })
  /** a (possibly chained) comparison: operands.length === ops.length + 1 */
  | (Span & { kind: "compare"; operands: Node[]; ops: { op: CompareOp; offset: number }[] })
  | (Span & { kind: "in"; negated: boolean; opOffset: number; left: Node; items: Node[]; listStart: number; listEnd: number })
  | (Span & { kind: "call"; name: string; args: Node[] })
  | (Span & { kind: "if"; cond: Node; then: Node; else: Node });

export interface SyntaxProblem {
  message: string;
  offset: number;
}

type TokenKind = "number" | "string" | "name" | "quoted" | "op" | "keyword" | "end";

interface Token {
  kind: TokenKind;
  /** decoded text: the name, the string's content, the operator or keyword */
  value: string;
  offset: number;
  end: number;
}

/** Bounds that keep compile time and stack depth small whatever the input. */
export const MAX_TOKENS = 3000;
export const MAX_NESTING = 64;
/** filtrex's generated code overflows the stack on operator chains of some 800 terms */
export const MAX_DEPTH = 200;
/** lexical problems reported before giving up */
const MAX_PROBLEMS = 10;

const KEYWORDS = new Set(["and", "or", "not", "in", "if", "then", "else", "mod"]);
const OPERATORS = ["==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "^", "(", ")", ","];
const COMPARE_OPS: ReadonlySet<string> = new Set(["==", "!=", "<", "<=", ">", ">="]);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isNameStart = (c: string | undefined): boolean => c !== undefined && /^[\p{L}$_]$/u.test(c);
const isNamePart = (c: string | undefined): boolean => c !== undefined && /^[.\p{L}\p{N}$_]$/u.test(c);

/** Operators filtrex has (or other languages have) that rules do not: refused with a hint. */
const REFUSED: [string, string][] = [
  ["~=", "regular expressions (~=) are not allowed in rules"],
  ["&&", 'use "and" instead of "&&"'],
  ["||", 'use "or" instead of "||"'],
  ["=", 'unexpected "=" (use "==" to compare)'],
  ["!", 'use "not" instead of "!"'],
  ["&", 'use "and" instead of "&"'],
  ["|", 'use "or" instead of "|"'],
  ["%", 'use "mod" for the remainder of a division'],
  ["?", 'use "if … then … else …" instead of "?"'],
  [":", 'use "if … then … else …" instead of ":"'],
];

/** Reads a quoted literal starting at `start`; returns its content and end, or null when unclosed. */
function readQuoted(src: string, start: number, quote: string, problems: SyntaxProblem[]): { value: string; end: number } | null {
  let value = "";
  let i = start + 1;
  while (i < src.length) {
    const c = src[i]!;
    if (c === quote) return { value, end: i + 1 };
    if (c === "\\") {
      const next = src[i + 1];
      if (next === quote || next === "\\") {
        value += next;
        i += 2;
        continue;
      }
      if (next === undefined) break;
      problems.push({ message: `unsupported escape "\\${next}" (only \\${quote} and \\\\ are allowed)`, offset: i });
      value += next;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  return null;
}

export function tokenize(src: string): { tokens: Token[]; problems: SyntaxProblem[] } {
  const tokens: Token[] = [];
  const problems: SyntaxProblem[] = [];
  let i = 0;
  outer: while (i < src.length && problems.length < MAX_PROBLEMS) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (tokens.length >= MAX_TOKENS) {
      problems.push({ message: `expression too long (more than ${MAX_TOKENS} tokens)`, offset: i });
      break;
    }
    const start = i;
    if (isDigit(c)) {
      while (isDigit(src[i])) i++;
      if (src[i] === "." && isDigit(src[i + 1])) {
        i++;
        while (isDigit(src[i])) i++;
      }
      if (isNamePart(src[i])) {
        while (isNamePart(src[i])) i++;
        problems.push({ message: `malformed number "${clip(src.slice(start, i))}"`, offset: start });
        continue;
      }
      const value = Number(src.slice(start, i));
      if (!Number.isFinite(value)) problems.push({ message: "number too large", offset: start });
      tokens.push({ kind: "number", value: src.slice(start, i), offset: start, end: i });
      continue;
    }
    if (isNameStart(c)) {
      while (isNamePart(src[i])) i++;
      const word = src.slice(start, i);
      if (word === "of") problems.push({ message: '"of" (object access) is not allowed in rules', offset: start });
      tokens.push({ kind: KEYWORDS.has(word) ? "keyword" : "name", value: word, offset: start, end: i });
      continue;
    }
    if (c === '"' || c === "'") {
      const read = readQuoted(src, start, c, problems);
      if (read === null) {
        problems.push({ message: c === '"' ? "unclosed string" : "unclosed quoted name", offset: start });
        break;
      }
      tokens.push({ kind: c === '"' ? "string" : "quoted", value: read.value, offset: start, end: read.end });
      i = read.end;
      continue;
    }
    for (const op of OPERATORS) {
      if (src.startsWith(op, i)) {
        tokens.push({ kind: "op", value: op, offset: start, end: i + op.length });
        i += op.length;
        continue outer;
      }
    }
    for (const [op, message] of REFUSED) {
      if (src.startsWith(op, i)) {
        problems.push({ message, offset: start });
        i += op.length;
        continue outer;
      }
    }
    const ch = String.fromCodePoint(src.codePointAt(i)!);
    problems.push({ message: `unexpected character "${ch}"`, offset: start });
    i += ch.length;
  }
  tokens.push({ kind: "end", value: "", offset: src.length, end: src.length });
  return { tokens, problems };
}

/** A user's text, shortened for a message. */
export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

class ParseFailure {
  constructor(readonly problem: SyntaxProblem) {}
}

function describe(t: Token): string {
  switch (t.kind) {
    case "end": return "end of expression";
    case "number": return `number ${t.value}`;
    case "string": return `text ${JSON.stringify(clip(t.value))}`;
    case "name": return `name "${clip(t.value)}"`;
    case "quoted": return `name '${clip(t.value)}'`;
    default: return `"${t.value}"`;
  }
}

class Parser {
  private pos = 0;
  private depth = 0;
  /** field names in order of appearance */
  readonly fieldNodes: Extract<Node, { kind: "field" }>[] = [];

  constructor(private readonly tokens: Token[]) {}

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private is(kind: TokenKind, value?: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === kind && (value === undefined || t.value === value);
  }

  private fail(message: string, offset: number): never {
    throw new ParseFailure({ message, offset });
  }

  private unexpected(t: Token): never {
    this.fail(`unexpected ${describe(t)}`, t.offset);
  }

  /** Expects `)` closing the parenthesis opened at `open`. */
  private close(open: Token): Token {
    const t = this.peek();
    if (t.kind === "op" && t.value === ")") return this.next();
    if (t.kind === "end") this.fail('unclosed "("', open.offset);
    if (t.kind === "op" && t.value === ",") this.fail('a list ( , ) can only follow "in" or "not in"', t.offset);
    this.unexpected(t);
  }

  private nested<T>(offset: number, parse: () => T): T {
    if (++this.depth > MAX_NESTING) this.fail(`expression nested too deeply (more than ${MAX_NESTING} levels)`, offset);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  parseAll(): Node {
    if (this.is("end")) this.fail("empty expression", 0);
    const node = this.expr();
    const t = this.peek();
    if (t.kind !== "end") this.unexpected(t);
    return node;
  }

  private expr(): Node {
    return this.nested(this.peek().offset, () => this.or());
  }

  private or(): Node {
    let left = this.and();
    while (this.is("keyword", "or")) {
      const op = this.next();
      const right = this.and();
      left = { kind: "logic", op: "or", opOffset: op.offset, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private and(): Node {
    let left = this.member();
    while (this.is("keyword", "and")) {
      const op = this.next();
      const right = this.member();
      left = { kind: "logic", op: "and", opOffset: op.offset, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private member(): Node {
    let left = this.rel();
    for (;;) {
      let negated = false;
      if (this.is("keyword", "not") && this.is("keyword", "in", 1)) negated = true;
      else if (!this.is("keyword", "in")) return left;
      const op = this.next();
      if (negated) this.next();
      const open = this.peek();
      if (!(open.kind === "op" && open.value === "(")) this.fail(`expected a list in parentheses after "${negated ? "not in" : "in"}", e.g. ("FR", "BE")`, open.offset);
      this.next();
      const items = this.nested(open.offset, () => {
        const list = [this.expr()];
        while (this.is("op", ",")) {
          this.next();
          list.push(this.expr());
        }
        return list;
      });
      const closing = this.close(open);
      left = { kind: "in", negated, opOffset: op.offset, left, items, listStart: open.offset, listEnd: closing.end, start: left.start, end: closing.end };
    }
  }

  private rel(): Node {
    const first = this.sum();
    const operands = [first];
    const ops: { op: CompareOp; offset: number }[] = [];
    while (this.peek().kind === "op" && COMPARE_OPS.has(this.peek().value)) {
      const op = this.next();
      ops.push({ op: op.value as CompareOp, offset: op.offset });
      operands.push(this.sum());
    }
    if (ops.length === 0) return first;
    return { kind: "compare", operands, ops, start: first.start, end: operands[operands.length - 1]!.end };
  }

  private sum(): Node {
    let left = this.product();
    while (this.is("op", "+") || this.is("op", "-")) {
      const op = this.next();
      const right = this.product();
      left = { kind: "arith", op: op.value as ArithOp, opOffset: op.offset, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private product(): Node {
    let left = this.unary();
    while (this.is("op", "*") || this.is("op", "/") || this.is("keyword", "mod")) {
      const op = this.next();
      const right = this.unary();
      left = { kind: "arith", op: op.value as ArithOp, opOffset: op.offset, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Node {
    const t = this.peek();
    if ((t.kind === "op" && t.value === "-") || (t.kind === "keyword" && t.value === "not")) {
      this.next();
      const operand = this.nested(t.offset, () => this.unary());
      return { kind: t.value === "-" ? "neg" : "not", operand, start: t.offset, end: operand.end };
    }
    return this.power();
  }

  private power(): Node {
    const base = this.primary();
    if (!this.is("op", "^")) return base;
    const op = this.next();
    const exponent = this.nested(op.offset, () => this.unary());
    return { kind: "arith", op: "^", opOffset: op.offset, left: base, right: exponent, start: base.start, end: exponent.end };
  }

  private primary(): Node {
    const t = this.peek();
    switch (t.kind) {
      case "number":
        this.next();
        return { kind: "number", value: Number(t.value), start: t.offset, end: t.end };
      case "string":
        this.next();
        return { kind: "string", value: t.value, start: t.offset, end: t.end };
      case "quoted": {
        this.next();
        const node = { kind: "field" as const, name: t.value, quoted: true, start: t.offset, end: t.end };
        this.fieldNodes.push(node);
        return node;
      }
      case "name": {
        this.next();
        if (this.is("op", "(")) return this.call(t);
        const node = { kind: "field" as const, name: t.value, quoted: false, start: t.offset, end: t.end };
        this.fieldNodes.push(node);
        return node;
      }
      case "op":
        if (t.value === "(") {
          this.next();
          const inner = this.expr();
          this.close(t);
          return inner;
        }
        break;
      case "keyword":
        if (t.value === "if") return this.conditional(t);
        break;
      default:
        break;
    }
    const previous = this.pos > 0 ? this.tokens[this.pos - 1] : undefined;
    if (previous && (previous.kind === "keyword" || (previous.kind === "op" && !["(", ")", ","].includes(previous.value)))) {
      this.fail(`expected a value after "${previous.value}"`, t.offset);
    }
    this.unexpected(t);
  }

  private call(name: Token): Node {
    const open = this.next();
    return this.nested(open.offset, () => {
      const args: Node[] = [];
      if (!this.is("op", ")")) {
        args.push(this.expr());
        while (this.is("op", ",")) {
          this.next();
          args.push(this.expr());
        }
      }
      const t = this.peek();
      if (t.kind === "end") this.fail('unclosed "("', open.offset);
      if (!(t.kind === "op" && t.value === ")")) this.unexpected(t);
      this.next();
      return { kind: "call", name: name.value, args, start: name.offset, end: t.end };
    });
  }

  private conditional(ifToken: Token): Node {
    this.next();
    return this.nested(ifToken.offset, () => {
      const cond = this.expr();
      this.expectKeyword("then");
      const then = this.expr();
      this.expectKeyword("else");
      const otherwise = this.expr();
      return { kind: "if", cond, then, else: otherwise, start: ifToken.offset, end: otherwise.end };
    });
  }

  private expectKeyword(word: string): void {
    const t = this.peek();
    if (t.kind === "keyword" && t.value === word) {
      this.next();
      return;
    }
    this.fail(`expected "${word}"${t.kind === "end" ? "" : `, found ${describe(t)}`}`, t.offset);
  }
}

/** Height of the tree (a chain a + b + c counts one level per operator). */
export function depthOf(n: Node): number {
  let children: Node[];
  switch (n.kind) {
    case "number": case "string": case "field": return 1;
    case "neg": case "not": children = [n.operand]; break;
    case "arith": case "logic": children = [n.left, n.right]; break;
    case "compare": children = n.operands; break;
    case "in": children = [n.left, ...n.items]; break;
    case "call": children = n.args; break;
    case "if": children = [n.cond, n.then, n.else]; break;
  }
  let deepest = 0;
  for (const c of children) deepest = Math.max(deepest, depthOf(c));
  return deepest + 1;
}

export interface ParseResult {
  ast: Node | null;
  /** every field reference, in order of appearance */
  fieldNodes: Extract<Node, { kind: "field" }>[];
  problems: SyntaxProblem[];
}

/** Tokenizes and parses; on lexical problems reports them all, on a syntax error the first one. */
export function parseExpression(src: string): ParseResult {
  const { tokens, problems } = tokenize(src);
  if (problems.length > 0) return { ast: null, fieldNodes: [], problems };
  const parser = new Parser(tokens);
  try {
    const ast = parser.parseAll();
    if (depthOf(ast) > MAX_DEPTH) {
      return { ast: null, fieldNodes: [], problems: [{ message: `expression too complex (more than ${MAX_DEPTH} operations inside one another)`, offset: ast.start }] };
    }
    return { ast, fieldNodes: parser.fieldNodes, problems: [] };
  } catch (e) {
    if (e instanceof ParseFailure) return { ast: null, fieldNodes: [], problems: [e.problem] };
    throw e;
  }
}
