// The kiosk's audit log as a spec reads it back: one JSON line per entry (main/records/audit.ts) in the data
// folder's records/audit/audit.log. Numbers and codes only, never a face or a voice: what a check measured.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface AuditedEvent {
  type: string;
  sessionId?: string;
  data?: Record<string, string | number | boolean | null>;
}

/** The events of the log so far, oldest first (seal entries left out); those of `type` when given. */
export function auditEvents(dataDir: string, type?: string): AuditedEvent[] {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, 'records', 'audit', 'audit.log'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { event?: AuditedEvent }).event)
    .filter((e): e is AuditedEvent => e !== undefined && (type === undefined || e.type === type));
}
