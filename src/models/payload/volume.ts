import { HOURS_PER_MONTH } from '../calendar.js';
import type { PayloadInput } from './payload.js';

/**
 * A payload input's monthly volume, where it gives none, extrapolated from the traffic simulated
 * (requests offered over the horizon, to a 730-hour month), with the assumption that says so.
 */
export function extrapolatePayloadVolume(
  input: PayloadInput,
  offered: number,
  horizonSeconds: number,
): { input: PayloadInput; assumptions: string[] } {
  const perMonth = (offered / horizonSeconds) * HOURS_PER_MONTH * 3600;
  const filled = {
    ...input,
    requestsPerMonth: input.requestsPerMonth ?? perMonth,
    messagesPerMonth: input.messagesPerMonth ?? perMonth,
  };
  const assumptions: string[] = [];
  const said = (what: string) =>
    `PAYLOAD_VOLUME: ${Math.round(perMonth).toLocaleString('en-US')} ${what} per month extrapolated from the traffic (${HOURS_PER_MONTH}-hour month)`;
  if (input.requestsPerMonth === undefined && input.apiType !== 'websocket') assumptions.push(said('requests'));
  if (input.messagesPerMonth === undefined && input.apiType === 'websocket') assumptions.push(said('messages'));
  return { input: filled, assumptions };
}
