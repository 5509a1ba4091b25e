// How an officer's reply or a status notice settled, written on its ticket event as the outbox
// reports it (sent, retrying with the reason, failed with the reason, unreachable), so the
// console shows what happened without anyone pressing "retry".
import type { Db } from '../db/client.js';
import type { SettlementReport } from '../outbox/outgoing.js';

export function reportTicketDelivery(db: Db): SettlementReport {
  return async (eventId, settlement) => {
    const id = Number(eventId);
    if (!Number.isInteger(id)) return;
    const error = settlement.status === 'sent' ? null : settlement.error;
    // a late "retrying" never overwrites the final word of another row of the same event
    await db.ticketEvent.updateMany({
      where: { id, ...(settlement.status === 'retrying' ? { deliveryStatus: { not: 'sent' } } : {}) },
      data: { deliveryStatus: settlement.status, deliveryError: error },
    });
  };
}
