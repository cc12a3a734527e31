// The trusted-environment verdict on a real core (reader simulator, records on a temp dir): block mode refuses
// startSession through the dispatcher and staff health names the reason; warn mode starts the session and its
// record carries the environment and the verdict, read back through a fresh RecordsService on the same directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Health } from '../../../../common/health';
import type { SessionView } from '../../../../common/session';
import { createCore, type Core } from '../../../../main/app';
import { RecordsConfigSchema, resolveRecordsPaths } from '../../../../main/records/config';
import { FileKeyProvider } from '../../../../main/records/keys';
import { RecordsService } from '../../../../main/records/service';
import { EnvironmentGate } from '../../../../main/session/adapters/environment-gate';
import { makeHarness } from '../harness';
import { silentLogger } from '../../../../main/util/log';

const ctx = { host: 'web' } as const;
const dirs: string[] = [];
const cores: Core[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function coreWith(environment: Record<string, unknown>): Promise<{ core: Core; dataDir: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hexin-env-gate-'));
  dirs.push(dataDir);
  const config = { records: { environment } };
  const core = await createCore({
    host: 'web',
    dataDir,
    version: '0.0.0-test',
    log: silentLogger,
    configStore: { read: () => config, write: () => undefined },
  });
  cores.push(core);
  return { core, dataDir };
}

async function until<T>(what: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('trusted environment on the real core', () => {
  it('block mode: an unregistered device id refuses startSession, and health names the reason', async () => {
    const { core } = await coreWith({
      deviceId: 'K-OTHER',
      registeredDeviceIds: ['K-REGISTERED'],
      onUntrusted: 'block',
    });
    const r = await core.dispatch('startSession', { language: 'en' }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'ENVIRONMENT_UNTRUSTED' } });
    const view = await core.dispatch('getSessionView', {}, ctx);
    expect(view.ok && (view.value as SessionView).sessionId).toBe(null);
    const health = await core.dispatch('getHealth', {}, ctx);
    expect(health.ok && (health.value as Health).environment).toMatchObject({
      trusted: false,
      reasons: ['UNKNOWN_DEVICE_ID'],
      blocking: true,
      mode: 'block',
      state: 'error',
    });
  });

  it('warn mode: the session starts and its record carries the environment and the verdict', async () => {
    const { core, dataDir } = await coreWith({ deviceId: 'K-OTHER', registeredDeviceIds: ['K-REGISTERED'] });
    const r = await core.dispatch('startSession', { language: 'en' }, ctx);
    expect(r.ok).toBe(true);
    const sessionId = r.ok ? (r.value as SessionView).sessionId : null;
    expect(sessionId).toBeTruthy();
    const health = await core.dispatch('getHealth', {}, ctx);
    expect(health.ok && (health.value as Health).environment).toMatchObject({
      trusted: false,
      reasons: ['UNKNOWN_DEVICE_ID'],
      blocking: false,
      state: 'degraded',
    });
    // recordEnvironment writes the record, then the audit entry: once that entry is there, the record is too.
    const config = resolveRecordsPaths(RecordsConfigSchema.parse({}), dataDir);
    const auditLog = path.join(config.dataDir, 'audit', 'audit.log');
    const entry = await until(async () => {
      const text = await readFile(auditLog, 'utf8').catch(() => '');
      return text.split('\n').find((l) => l.includes(`"environment.checked","sessionId":"${sessionId}"`));
    });
    expect(entry).toContain('"trusted":false,"reasons":["UNKNOWN_DEVICE_ID"]');
    await core.dispatch('cancelSession', { reason: 'user' }, ctx);
    await cores.pop()!.close();

    const records = await RecordsService.open(config, new FileKeyProvider(config.keyFile));
    const { records: all } = await records.store.readAll();
    await records.close();
    const kept = all.filter((x) => x.sessionId === sessionId && x.type === 'session');
    const env = kept.find((x) => (x.data as { kind?: string }).kind === 'environment');
    expect(env?.data).toMatchObject({
      kind: 'environment',
      environment: { deviceId: 'K-OTHER', softwareVersion: '0.0.0-test', os: { platform: process.platform } },
      verdict: { trusted: false, reasons: ['UNKNOWN_DEVICE_ID'] },
    });
    // The kiosk's record says nothing about the person: no name, number or card field.
    expect(JSON.stringify(env?.data)).not.toMatch(/idNumber|name"|birth/);
  });
});

describe('EnvironmentGate as the session admission (every start, the screen’s and the API’s)', () => {
  const check = {
    environment: {} as never,
    verdict: { trusted: false, reasons: ['NO_NETWORK'], unchecked: [] },
  };

  it('refuses the start in block mode before any session exists, and lets it through otherwise', async () => {
    let blocking = true;
    let checks = 0;
    const gate = new EnvironmentGate({
      check: async () => {
        checks += 1;
        return check as never;
      },
      blocking: () => blocking,
    });
    const h = await makeHarness({}, { admission: gate });
    await expect(h.orchestrator.start({})).rejects.toMatchObject({ code: 'ENVIRONMENT_UNTRUSTED' });
    expect(h.orchestrator.view().sessionId).toBeNull();
    expect(h.audit.all()).toEqual([]);
    blocking = false;
    await h.orchestrator.start({});
    expect(h.orchestrator.view().step).toBe('consent');
    // One check per start: the gate is applied once, not by the host and again by the session.
    expect(checks).toBe(2);
    h.orchestrator.dispose();
  });
});
