// The fleet console: staff log in, then see the kiosks (online or not, version, config applied), pass / fail /
// lock-out counts per kiosk and day as bar charts, open alerts, and the data-subject requests with their due dates.
// It reads one overview from the back office every 10 s; it never sees a person's ID number.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ConsoleOverview } from '../console-api';

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
        <table data-testid="kiosks">
          <thead>
            <tr>
              <th>Kiosk</th>
              <th>Group</th>
              <th>Link</th>
              <th>Version</th>
              <th>Config</th>
              <th>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {overview.kiosks.map((k) => (
              <tr key={k.id} data-kiosk={k.id}>
                <td>{k.id}</td>
                <td>{k.group}</td>
                <td className={k.online ? 'online' : 'offline'}>{k.online ? 'online' : 'offline'}</td>
                <td>{k.version}</td>
                <td>{k.configError ? `refused: ${k.configError.slice(0, 60)}` : (k.configVersion ?? '—')}</td>
                <td>{k.lastSeen ? new Date(k.lastSeen).toLocaleString() : 'never'}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
        <table data-testid="dsr">
          <thead>
            <tr>
              <th>Request</th>
              <th>Kind</th>
              <th>Received</th>
              <th>Due</th>
              <th>Kiosks done</th>
            </tr>
          </thead>
          <tbody>
            {overview.dsr.map((r) => (
              <tr key={r.id} data-request={r.id}>
                <td>{r.id.slice(0, 8)}</td>
                <td>{r.kind}</td>
                <td>{new Date(r.receivedAt).toLocaleDateString()}</td>
                <td className={!r.done && r.dueDate < today ? 'overdue' : ''}>{r.dueDate}</td>
                <td>{r.done ? 'complete' : `${r.acknowledged} / ${r.kiosks}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
