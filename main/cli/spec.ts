// A `hexin` command declared once: its actions, arguments and options (name, type, default, description, whether
// required, allowed values). The help text and every argument check come from that declaration, so a new option
// is one entry here and no command writes its own usage text or "is --x given?" checks.
//
// Two kinds of wrong call, as before: a call of the wrong shape (an unknown option, a missing action, argument or
// required option) prints the usage and exits 2; a value the declaration does not allow (not a number, out of
// range, not one of the allowed values) is a BAD_REQUEST error naming the option (exit 1, JSON with --json).
import { parseArgs } from 'node:util';
import { HexinError } from '../../common/errors';
import type { CliCommand, CliIo } from './types';

interface OptionBase {
  description: string;
  /** One-letter alias (`-h`). */
  short?: string;
  /** The value's name in the help (`--data-dir DIR`). */
  value?: string;
  /** Required in every call (commands with actions say per action which they require). */
  required?: boolean;
  /** How the help shows the default when the value itself is not helpful (an absolute path). */
  defaultText?: string;
}
export interface StringOption extends OptionBase {
  type: 'string';
  default?: string;
  choices?: readonly string[];
  /** Given any number of times; the values arrive as an array. */
  multiple?: boolean;
}
export interface NumberOption extends OptionBase {
  type: 'number' | 'integer';
  default?: number;
  min?: number;
  max?: number;
  /** min and max themselves are not allowed (e.g. a rate in (0, 1)). */
  exclusive?: boolean;
}
export interface BooleanOption extends OptionBase {
  type: 'boolean';
}
export type OptionSpec = StringOption | NumberOption | BooleanOption;
export type OptionsSpec = Record<string, OptionSpec>;

export interface ActionSpec<O extends OptionsSpec> {
  description: string;
  /** Arguments after the action, as the help shows them: `REQUEST_ID`, `[DIR]` (optional), `<key> <value>`. */
  args?: string;
  /** Options this action needs. */
  required?: readonly (keyof O & string)[];
  /** Options only some actions take (others are refused there); options no action names are taken by all. */
  uses?: readonly (keyof O & string)[];
}

export interface CommandSpec<O extends OptionsSpec, A extends Record<string, ActionSpec<O>>> {
  name: string;
  summary: string;
  /** Arguments of a command without actions, as the help shows them (`<image>`, `[<imageA> <imageB>]`). */
  args?: string;
  actions?: A;
  /** Lines under the usage line. */
  description?: string;
  options: O;
  /** Lines after the options (exit codes, formats). */
  notes?: string;
  /** A check across options and arguments; a message makes the call a usage error (exit 2). */
  check?: (values: Values<O>, positionals: string[], action: string | undefined) => string | null;
}

type ValueOf<S> = S extends BooleanOption
  ? boolean
  : S extends { type: 'string'; multiple: true }
    ? string[]
    : S extends { type: 'number' | 'integer' }
      ? S extends { default: number } | { required: true }
        ? number
        : number | undefined
      : (S extends { choices: readonly (infer C)[] } ? C : string) extends infer V
        ? S extends { default: string } | { required: true }
          ? V
          : V | undefined
        : never;
export type Values<O extends OptionsSpec> = { [K in keyof O]: ValueOf<O[K]> } & { json: boolean };

type RequiredBy<O extends OptionsSpec, S> = S extends { required: readonly (infer N)[] }
  ? { [P in N & keyof O]-?: NonNullable<ValueOf<O[P]>> }
  : unknown;
/** What a command's run receives: the options typed from the declaration, the action, the arguments after it. */
export type Parsed<O extends OptionsSpec, A extends Record<string, ActionSpec<O>>> = [keyof A] extends [never]
  ? { action: undefined; values: Values<O>; positionals: string[] }
  : {
      [K in keyof A & string]: { action: K; values: Values<O> & RequiredBy<O, A[K]>; positionals: string[] };
    }[keyof A & string];

/** Every command takes these two; they are part of every declaration's help. */
const COMMON: OptionsSpec = {
  json: { type: 'boolean', description: 'one JSON document on stdout' },
  help: { type: 'boolean', short: 'h', description: 'print this help' },
};

export type AnyCommandSpec = CommandSpec<OptionsSpec, Record<string, ActionSpec<OptionsSpec>>>;
type AnySpec = AnyCommandSpec;

const optionsOf = (spec: AnySpec): OptionsSpec => ({ ...spec.options, ...COMMON });

function optionUsage(name: string, o: OptionSpec): string {
  if (o.type === 'boolean') return `--${name}`;
  const choices = o.type === 'string' && !o.value ? o.choices?.join('|') : undefined;
  return `--${name} ${o.value ?? choices ?? (o.type === 'string' ? 'VALUE' : 'N')}`;
}

/** What values an option allows beyond its type: its choices, or its range. */
function allowed(o: OptionSpec): string | undefined {
  if (o.type === 'string') return o.choices ? `one of ${o.choices.join(', ')}` : undefined;
  if (o.type === 'boolean') return undefined;
  const kind = o.type === 'integer' ? 'an integer' : 'a number';
  const [lo, hi] = o.exclusive ? ['(', ')'] : ['', ''];
  if (o.min !== undefined && o.max !== undefined) return `${kind} in ${lo}${o.min}..${o.max}${hi}`;
  if (o.min !== undefined) return `${kind} ${o.exclusive ? '>' : '≥'} ${o.min}`;
  return kind;
}

function optionNotes(o: OptionSpec): string[] {
  const notes: string[] = [];
  const shownInUsage = o.type === 'string' && o.choices && !o.value;
  const range = allowed(o);
  if (range && !shownInUsage) notes.push(range);
  const shown = o.defaultText ?? ('default' in o && o.default !== undefined ? String(o.default) : undefined);
  if (shown !== undefined) notes.push(`default ${shown}`);
  if (o.required) notes.push('required');
  if (o.type === 'string' && o.multiple) notes.push('may be repeated');
  return notes;
}

/** Where the text of a two-column help row starts. */
const COLUMN = 24;
const row = (left: string, text: string): string =>
  left.length <= COLUMN - 4
    ? `  ${left.padEnd(COLUMN - 2)}${text}`
    : `  ${left}\n${' '.repeat(COLUMN)}${text}`;

function actionLine(spec: AnySpec, name: string, a: ActionSpec<OptionsSpec>): string {
  const opts = spec.options;
  const parts = [name, a.args ?? ''];
  for (const o of a.required ?? []) parts.push(optionUsage(o, opts[o]!));
  for (const o of a.uses ?? []) if (!a.required?.includes(o)) parts.push(`[${optionUsage(o, opts[o]!)}]`);
  return parts.filter(Boolean).join(' ');
}

/** The help of a command, generated from its declaration. */
export function formatHelp(spec: AnySpec): string {
  const actions = Object.entries(spec.actions ?? {});
  const what = actions.length ? `<${actions.map(([n]) => n).join('|')}>` : (spec.args ?? '');
  const lines = [`usage: hexin ${[spec.name, what].filter(Boolean).join(' ')} [options]`];
  if (spec.description) lines.push(...spec.description.split('\n').map((l) => `  ${l}`));
  if (actions.length) {
    lines.push('actions:');
    for (const [name, a] of actions) {
      const line = actionLine(spec, name, a);
      lines.push(line.length <= COLUMN - 4 ? row(line, a.description) : `  ${line}\n      ${a.description}`);
    }
  }
  lines.push('options:');
  for (const [name, o] of Object.entries(optionsOf(spec))) {
    const left = (o.short ? `-${o.short}, ` : '') + optionUsage(name, o);
    const notes = optionNotes(o);
    lines.push(row(left, o.description + (notes.length ? ` (${notes.join('; ')})` : '')));
  }
  if (spec.notes) lines.push(...spec.notes.split('\n'));
  return lines.join('\n') + '\n';
}

/** A call of the wrong shape: the message, then the usage; exit code 2. With --json the message is the JSON. */
function usageError(spec: AnySpec, io: CliIo, json: boolean, message: string): number {
  if (json) {
    io.stdout(JSON.stringify({ error: { code: 'USAGE', message } }) + '\n');
    io.stderr(formatHelp(spec));
  } else {
    io.stderr(`hexin ${spec.name}: ${message}\n`);
    io.stdout(formatHelp(spec));
  }
  return 2;
}

const WORDS = /<[^>]*>|[^\s[\]]+/g;
/** `[DIR]`, `<key> <value>`, `<video | folder>` → how many arguments are needed at least and allowed at most. */
function arity(args: string | undefined): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const m of (args ?? '').matchAll(/\[([^\]]*)\]|<[^>]*>|\S+/g)) {
    if (m[1] === undefined) {
      min++;
      max++;
    } else max += m[1].match(WORDS)?.length ?? 0;
  }
  return { min, max };
}

/** `--x` or `-x`, but not a negative number or a lone '-'. */
const looksLikeOption = (v: string | undefined): boolean =>
  v !== undefined && v.startsWith('-') && v !== '-' && !Number.isFinite(Number(v));

function badValue(name: string, o: OptionSpec, raw: string): HexinError {
  return new HexinError('BAD_REQUEST', `--${name} must be ${allowed(o) ?? 'valid'}, got '${raw}'`, {
    option: name,
  });
}

function convert(name: string, o: OptionSpec, raw: unknown): unknown {
  if (o.type === 'boolean') return raw === true;
  if (raw === undefined) return o.default;
  if (o.type === 'string') {
    const all = Array.isArray(raw) ? (raw as string[]) : [raw as string];
    for (const v of all) if (o.choices && !o.choices.includes(v)) throw badValue(name, o, v);
    return raw;
  }
  const text = String(raw);
  const n = text.trim() === '' ? NaN : Number(text);
  const inRange =
    Number.isFinite(n) &&
    (o.type === 'number' || Number.isInteger(n)) &&
    (o.min === undefined || (o.exclusive ? n > o.min : n >= o.min)) &&
    (o.max === undefined || (o.exclusive ? n < o.max : n <= o.max));
  if (!inRange) throw badValue(name, o, text);
  return n;
}

/**
 * Parses a command's arguments by its declaration: the parsed call, or the exit code when the call printed its
 * help (0) or was of the wrong shape (2). A value the declaration does not allow throws BAD_REQUEST.
 */
export function parseCommand<O extends OptionsSpec, A extends Record<string, ActionSpec<O>>>(
  spec: CommandSpec<O, A>,
  args: string[],
  io: CliIo,
): Parsed<O, A> | number {
  const s = spec as unknown as AnySpec;
  const options = optionsOf(s);
  const { values, positionals, tokens } = parseArgs({
    args,
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: Object.fromEntries(
      Object.entries(options).map(([name, o]) => [
        name,
        {
          type: o.type === 'boolean' ? ('boolean' as const) : ('string' as const),
          ...(o.short ? { short: o.short } : {}),
          ...(o.type === 'string' && o.multiple ? { multiple: true } : {}),
        },
      ]),
    ),
  });
  const json = values.json === true;
  const fail = (message: string): number => usageError(s, io, json, message);
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const o = options[t.name];
    if (!o) return fail(`unknown option ${t.rawName}`);
    if (o.type === 'boolean' && t.value !== undefined) return fail(`${t.rawName} takes no value`);
    if (o.type !== 'boolean' && t.value === undefined) return fail(`${t.rawName} needs a value`);
    // `--kind --id x` would take "--id" as the kind; a value that starts with '-' must be written --kind=-x.
    if (o.type !== 'boolean' && !t.inlineValue && looksLikeOption(t.value))
      return fail(`${t.rawName} needs a value (write ${t.rawName}=${t.value} if that is the value)`);
  }
  if (values.help === true) {
    io.stdout(formatHelp(s));
    return 0;
  }
  const given = new Set(tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : [])));
  const actions = s.actions;
  let action: string | undefined;
  let rest = positionals;
  let required = Object.keys(s.options).filter((n) => s.options[n]!.required);
  let shape = s.args;
  if (actions) {
    const names = Object.keys(actions).join(', ');
    [action, ...rest] = positionals;
    if (action === undefined) return fail(`say what to do: one of ${names}`);
    const a = actions[action];
    if (!a || !Object.hasOwn(actions, action)) return fail(`unknown action '${action}' (one of ${names})`);
    const limited = new Set(
      Object.values(actions).flatMap((x) => [...(x.uses ?? []), ...(x.required ?? [])]),
    );
    for (const name of given) {
      if (limited.has(name) && !a.uses?.includes(name) && !a.required?.includes(name))
        return fail(`--${name} does not apply to ${action}`);
    }
    required = [...required, ...(a.required ?? [])];
    shape = a.args;
  }
  const { min, max } = arity(shape);
  const where = action ? `${action} ` : '';
  if (rest.length < min) return fail(`${where}needs ${shape}`);
  if (rest.length > max)
    return fail(`unexpected argument '${rest[max]}'${shape ? ` (${where}takes ${shape})` : ''}`);
  for (const name of required) {
    if (!given.has(name)) return fail(`--${name} is required${action ? ` for ${action}` : ''}`);
  }
  const typed: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(options)) typed[name] = convert(name, o, values[name]);
  const problem = s.check?.(typed as Values<OptionsSpec>, rest, action);
  if (problem) return fail(problem);
  return { action, values: typed, positionals: rest } as unknown as Parsed<O, A>;
}

/** A command whose help and checks come from `spec`; `run` gets the parsed call. */
export function defineCommand<
  const O extends OptionsSpec,
  const A extends Record<string, ActionSpec<O>> = Record<never, never>,
>(spec: CommandSpec<O, A>, run: (call: Parsed<O, A>, io: CliIo) => Promise<number>): CliCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    spec: spec as unknown as AnyCommandSpec,
    async run(args, io) {
      const call = parseCommand(spec, args, io);
      return typeof call === 'number' ? call : run(call, io);
    },
  };
}
