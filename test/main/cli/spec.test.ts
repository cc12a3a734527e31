// The hexin CLI's commands are declared once (main/cli/spec.ts): their help is generated from that declaration,
// and wrong calls are refused by it with the same exit codes as before (0 help, 2 wrong shape, 1 bad value).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands, main } from '../../../main/cli/index';
import { formatHelp, parseCommand, type AnyCommandSpec } from '../../../main/cli/spec';

function capture() {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

async function hexin(...argv: string[]) {
  const io = capture();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err };
}

const specs = commands.map((c) => [c.name, c.spec!] as const);

describe('every hexin command is declared once', () => {
  it('every command (14 today) carries a declaration, and no command module writes usage text or parses by hand', () => {
    expect(commands.length).toBeGreaterThanOrEqual(14);
    for (const c of commands) expect(c.spec?.name, c.name).toBe(c.name);
    const dir = path.resolve('main/cli/commands');
    for (const file of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/usage: hexin|parseArgs\(|printUsage/);
    }
  });

  it.each(specs)(
    'hexin %s --help is the help generated from its declaration (exit 0)',
    async (name, spec) => {
      const r = await hexin(name, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toBe(formatHelp(spec));
      expect(r.out).toMatch(new RegExp(`^usage: hexin ${name}\\b`));
      for (const option of [...Object.keys(spec.options), 'json', 'help'])
        expect(r.out).toContain(`--${option}`);
      for (const action of Object.keys(spec.actions ?? {}))
        expect(r.out).toMatch(new RegExp(`^  ${action}\\b`, 'm'));
      for (const o of Object.values(spec.options)) expect(r.out).toContain(o.description);
      expect((await hexin(name, '-h')).out).toBe(r.out);
    },
  );

  it.each(specs)('hexin %s with an unknown option exits 2 and names it', async (name) => {
    const r = await hexin(name, '--no-such-option');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`hexin ${name}: unknown option --no-such-option`);
    expect(r.out).toContain(`usage: hexin ${name}`);
    const j = await hexin(name, '--no-such-option', '--json');
    expect(j.code).toBe(2);
    expect(JSON.parse(j.out)).toEqual({
      error: { code: 'USAGE', message: 'unknown option --no-such-option' },
    });
  });

  it.each(specs.filter(([, s]) => s.actions))(
    'hexin %s refuses a missing or unknown action (exit 2)',
    async (name, spec) => {
      const none = await hexin(name);
      expect(none.code).toBe(2);
      expect(none.err).toContain(`one of ${Object.keys(spec.actions!).join(', ')}`);
      const bad = await hexin(name, 'frobnicate');
      expect(bad.code).toBe(2);
      expect(bad.err).toContain("unknown action 'frobnicate'");
    },
  );

  it('every required option, when missing, exits 2 with a message naming it and the action', async () => {
    let checked = 0;
    for (const [name, spec] of specs) {
      for (const [action, a] of Object.entries(spec.actions ?? {})) {
        // Only actions that require an option: called without it, they stop before doing anything.
        if (!a.required?.length) continue;
        const needed = (a.args ?? '').replace(/\[[^\]]*\]/g, '').match(/<[^>]*>|\S+/g) ?? [];
        const r = await hexin(name, action, ...needed.map((_, i) => `arg${i}`));
        expect(r.code, `${name} ${action}`).toBe(2);
        expect(r.err).toContain(`--${a.required[0]} is required for ${action}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(11); // dsr 7, intent 3, reader 1, and more as they come
  });
});

describe('parseCommand', () => {
  const spec = {
    name: 'demo',
    summary: 'a command to test the parser',
    actions: {
      make: { args: '<name> [<copies>]', description: 'make a thing', required: ['kind'], uses: ['tag'] },
      list: { description: 'list things' },
    },
    options: {
      kind: { type: 'string', choices: ['big', 'small'], description: 'the kind' },
      tag: { type: 'string', multiple: true, description: 'a tag' },
      level: { type: 'integer', min: 1, max: 5, default: 3, description: 'the level' },
      rate: { type: 'number', min: 0, max: 1, exclusive: true, description: 'a rate' },
      dry: { type: 'boolean', description: 'change nothing' },
    },
  } as const;
  const parse = (...args: string[]) => {
    const io = capture();
    const r = parseCommand(spec, args, io);
    return { r, ...io };
  };

  it('types the values from the declaration and applies defaults', () => {
    const { r } = parse('make', 'x', '--kind', 'big', '--tag', 'a', '--tag=b', '--rate', '0.5', '--dry');
    expect(r).toEqual({
      action: 'make',
      positionals: ['x'],
      values: { kind: 'big', tag: ['a', 'b'], level: 3, rate: 0.5, dry: true, json: false, help: false },
    });
    expect(parse('list', '--level', '5', '--json').r).toMatchObject({ values: { level: 5, json: true } });
    expect(parse('make', 'x', '2', '--kind=small', '--rate=0.25').r).toMatchObject({
      positionals: ['x', '2'],
      values: { kind: 'small', rate: 0.25 },
    });
  });

  it('a call of the wrong shape prints the usage and exits 2, with a clear message', () => {
    const cases: [string[], string][] = [
      [['make', 'x'], '--kind is required for make'],
      [['make', '--kind', 'big'], 'make needs <name> [<copies>]'],
      [['make', 'x', '2', '3', '--kind', 'big'], "unexpected argument '3' (make takes <name> [<copies>])"],
      [['list', '--tag', 'a'], '--tag does not apply to list'],
      [['list', '--level'], '--level needs a value'],
      [
        ['make', 'x', '--kind', '--tag', 'a'],
        '--kind needs a value (write --kind=--tag if that is the value)',
      ],
      [['list', '--dry=yes'], '--dry takes no value'],
      [['list', '-x'], 'unknown option -x'],
      [[], 'say what to do: one of make, list'],
    ];
    for (const [args, message] of cases) {
      const { r, err, out } = parse(...args);
      expect(r, args.join(' ')).toBe(2);
      expect(err).toBe(`hexin demo: ${message}\n`);
      expect(out).toBe(formatHelp(spec as unknown as AnyCommandSpec));
    }
  });

  it('a value the declaration does not allow is a BAD_REQUEST naming the option and what it allows', () => {
    const bad = (args: string[]) => {
      try {
        parse(...args);
      } catch (e) {
        return e as { code: string; message: string };
      }
      throw new Error(`no error for ${args.join(' ')}`);
    };
    expect(bad(['make', 'x', '--kind', 'huge'])).toMatchObject({
      code: 'BAD_REQUEST',
      message: "--kind must be one of big, small, got 'huge'",
    });
    expect(bad(['list', '--level', '6']).message).toBe("--level must be an integer in 1..5, got '6'");
    expect(bad(['list', '--level', '2.5']).message).toBe("--level must be an integer in 1..5, got '2.5'");
    expect(bad(['list', '--rate', '1']).message).toBe("--rate must be a number in (0..1), got '1'");
    expect(bad(['list', '--rate', 'abc']).code).toBe('BAD_REQUEST');
  });

  it('generates the help: actions with their arguments and options, every option with its notes', () => {
    expect(formatHelp(spec as unknown as AnyCommandSpec)).toBe(
      [
        'usage: hexin demo <make|list> [options]',
        'actions:',
        '  make <name> [<copies>] --kind big|small [--tag VALUE]',
        '      make a thing',
        '  list                  list things',
        'options:',
        '  --kind big|small      the kind',
        '  --tag VALUE           a tag (may be repeated)',
        '  --level N             the level (an integer in 1..5; default 3)',
        '  --rate N              a rate (a number in (0..1))',
        '  --dry                 change nothing',
        '  --json                one JSON document on stdout',
        '  -h, --help            print this help',
        '',
      ].join('\n'),
    );
  });
});
