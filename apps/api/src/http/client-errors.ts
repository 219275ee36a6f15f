import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";

/**
 * Fastify's `clientErrorHandler`: a request Node could not even parse (a header block or URL
 * past 16 KB, a malformed request line, a body shorter than its Content-Length, a timeout). No
 * URL is known, so no surface: the root envelope `{ code, message }`, as Fastify's default
 * otherwise answers in its own body.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket) {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, message] =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? [408, "The request took too long to arrive."]
      : error.code === "HPE_HEADER_OVERFLOW"
        ? [431, "The request's URL or headers are too large."]
        : [400, "Malformed request."];
  const body = JSON.stringify({ code: "invalid_input", message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
