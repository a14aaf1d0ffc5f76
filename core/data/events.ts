// The audit log (`events`): who did what to whom, from where, and why — written with the change it records.
import { randomBytes } from 'node:crypto';
import { collection, Transaction } from './db';

export type EventSource = 'poster' | 'link' | 'share' | 'admin' | 'system' | 'self';

export interface AuditEvent {
  /** e.g. 'bind', 'rebind', 'bind.rejected', 'distributor.review', 'distributor.freeze', 'settings.update'. */
  type: string;
  /** The user or document the event is about. */
  subjectId: string;
  /** Who caused it: an openid, or 'system' for timers and callbacks. */
  actorId: string;
  source?: EventSource;
  /** Machine-readable reason code, e.g. 'self_bind', 'would_cycle'. */
  reason?: string;
  detail?: Record<string, unknown>;
}

function eventId(at: Date): string {
  return `${at.getTime().toString(36)}-${randomBytes(6).toString('hex')}`;
}

/** Records an event; inside `tx` when it must stand or fall with the change it describes. */
export async function audit(event: AuditEvent, at: Date, tx?: Transaction): Promise<void> {
  const doc = { ...event, at };
  if (tx) await tx.collection('events').doc(eventId(at)).set({ data: doc });
  else await collection('events').doc(eventId(at)).set({ data: doc });
}
