import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";
import { headerOf } from "./headers";

/**
 * Every request has an id: the caller's `x-request-id` when it is well formed (a proxy's or a
 * client's own, so one id follows a request across systems), else a fresh UUID. Every answer
 * carries it back in `x-request-id`, and every log line of the request carries it as `reqId`.
 */
export const REQUEST_ID_HEADER = "x-request-id";
const WELL_FORMED = /^[A-Za-z0-9._-]{1,64}$/;

/** Fastify's `genReqId`. */
export function requestIdOf(req: IncomingMessage): string {
  const given = headerOf(req, REQUEST_ID_HEADER);
  return given !== undefined && WELL_FORMED.test(given) ? given : randomUUID();
}

/** An `onRequest` hook on the root instance: the id on every answer a route gives. */
export function echoRequestId(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  reply.header(REQUEST_ID_HEADER, request.id);
  done();
}

/** The same, where no hook ran (Fastify's frameworkErrors answer before any). */
export function echoRequestIdOn(request: FastifyRequest, reply: FastifyReply) {
  if (!reply.hasHeader(REQUEST_ID_HEADER)) reply.header(REQUEST_ID_HEADER, request.id);
}
