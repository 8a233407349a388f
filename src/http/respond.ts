import type { ServerResponse } from 'node:http';

/** Retry-After (seconds) on our 503 answers: clients come back soon, not in a tight loop. */
export const RETRY_AFTER_S = 5;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
