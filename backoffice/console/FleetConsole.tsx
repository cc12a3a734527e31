// The fleet console: staff log in, then see the kiosks (online or not, version, config applied), pass / fail /
// lock-out counts per kiosk and day as bar charts, open alerts, and the data-subject requests with their due dates.
// It reads one overview from the back office every 10 s; it never sees a person's ID number.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ConsoleOverview } from '../console-api';
import { DataTable, type Column } from './DataTable';

const COLOURS = { pass: '#137333', fail: '#e37400', locked: '#b3261e' } as const;

function DailyChart({ kioskId, days }: { kioskId: string; days: ConsoleOverview['daily'] }) {
  const max = Math.max(1, ...days.map((d) => d.pass + d.fail + d.locked));
  const bar = 28;
  const height = 120;
  return (
    <figure data-testid={`chart-${kioskId}`}>
      <figcaption>{kioskId}</figcaption>
      <svg
        width={Math.max(1, days.length) * (bar + 8)}
        height={height + 20}
        role="img"
        aria-label={`${kioskId} daily`}
      >
        {days.map((d, i) => {
          let y = height;
          return (
            <g key={d.day} transform={`translate(${i * (bar + 8)},0)`}>
              {(['pass', 'fail', 'locked'] as const).map((k) => {
                const h = (d[k] / max) * height;
                y -= h;
                return (
                  <rect
                    key={k}
                    data-kind={k}
                    data-count={d[k]}
                    x={0}
                    y={y}
                    width={bar}
                    height={h}
                    fill={COLOURS[k]}
                  >
                    <title>{`${d.day} ${k}: ${d[k]}`}</title>
                  </rect>
                );
              })}
              <text x={0} y={height + 14} fontSize={9}>
                {d.day.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

type KioskRow = ConsoleOverview['kiosks'][number];
type DsrRow = ConsoleOverview['dsr'][number];

function configState(k: KioskRow): string {
  if (k.configError) return `refused: ${k.configError.slice(0, 60)}`;
  if (k.configVersion === null) return '—';
  const pending = k.configPendingRestart;
  return pending.length
    ? `v${k.configVersion} (pending restart: ${pending.join(', ')})`
    : `v${k.configVersion}`;
}

const KIOSK_COLUMNS: readonly Column<KioskRow>[] = [
  { header: 'Kiosk', cell: (k) => k.id },
  { header: 'Group', cell: (k) => k.group },
  {
    header: 'Link',
    cell: (k) => (k.online ? 'online' : 'offline'),
    className: (k) => (k.online ? 'online' : 'offline'),
  },
  { header: 'Version', cell: (k) => k.version },
  { header: 'Config', cell: configState },
  { header: 'Last seen', cell: (k) => (k.lastSeen ? new Date(k.lastSeen).toLocaleString() : 'never') },
];

/** `today` (YYYY-MM-DD): an open request due before it is overdue. */
function dsrColumns(today: string): readonly Column<DsrRow>[] {
  return [
    { header: 'Request', cell: (r) => r.id.slice(0, 8) },
    { header: 'Kind', cell: (r) => r.kind },
    { header: 'Received', cell: (r) => new Date(r.receivedAt).toLocaleDateString() },
    {
      header: 'Due',
      cell: (r) => r.dueDate,
      className: (r) => (!r.done && (r.overdue || r.dueDate < today) ? 'overdue' : undefined),
    },
    { header: 'Kiosks done', cell: (r) => (r.done ? 'complete' : `${r.acknowledged} / ${r.kiosks}`) },
    { header: 'From', cell: (r) => r.origin ?? 'back office' },
    { header: 'Records', cell: (r) => r.records },
  ];
}

function Login({ onDone }: { onDone: () => void }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await fetch('/console/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, password }),
    });
    if (res.ok) onDone();
    else setError(((await res.json()) as { message?: string }).message ?? 'login failed');
  };
  return (
    <form className="login" onSubmit={(e) => void submit(e)}>
      <h1>核身 fleet console</h1>
      <label>
        User{' '}
        <input name="user" value={user} onChange={(e) => setUser(e.target.value)} autoComplete="username" />
      </label>
      <label>
        Password{' '}
        <input
          name="password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
        />
      </label>
      <button type="submit">Log in</button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function FleetConsole() {
  const [overview, setOverview] = useState<ConsoleOverview | null>(null);
  const [needLogin, setNeedLogin] = useState(false);
  const load = useCallback(async () => {
    const res = await fetch('/console/api/overview');
    if (res.status === 401) return setNeedLogin(true);
    if (res.ok) {
      setNeedLogin(false);
      setOverview((await res.json()) as ConsoleOverview);
    }
  }, []);
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), 10_000);
    return () => clearInterval(t);
  }, [load]);
  if (needLogin) return <Login onDone={() => void load()} />;
  if (!overview) return <main>Loading…</main>;
  const today = new Date().toISOString().slice(0, 10);
  return (
    <main>
      <h1>Fleet console</h1>
      <section>
        <h2>Kiosks</h2>
        <DataTable
          testId="kiosks"
          columns={KIOSK_COLUMNS}
          rows={overview.kiosks}
          rowKey={(k) => k.id}
          rowAttribute={(k) => ['data-kiosk', k.id]}
        />
      </section>
      <section>
        <h2>Pass / fail / lock-out per day</h2>
        <p className="legend">
          {Object.entries(COLOURS).map(([k, c]) => (
            <span key={k} style={{ color: c }}>
              ■ {k}
            </span>
          ))}
        </p>
        <div className="charts">
          {overview.kiosks.map((k) => (
            <DailyChart key={k.id} kioskId={k.id} days={overview.daily.filter((d) => d.kioskId === k.id)} />
          ))}
        </div>
      </section>
      <section>
        <h2>Alerts ({overview.alerts.length})</h2>
        <ul data-testid="alerts">
          {overview.alerts.map((a) => (
            <li key={a.id} data-kind={a.kind}>
              <strong>{a.kind}</strong> {a.kioskId ?? 'fleet'} — {new Date(a.raisedAt).toLocaleString()}{' '}
              <code>{JSON.stringify(a.detail).slice(0, 120)}</code>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>Data-subject requests</h2>
        <DataTable
          testId="dsr"
          columns={dsrColumns(today)}
          rows={overview.dsr}
          rowKey={(r) => r.id}
          rowAttribute={(r) => ['data-request', r.id]}
        />
      </section>
    </main>
  );
}
