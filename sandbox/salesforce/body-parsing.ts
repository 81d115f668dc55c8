/** JSON request bodies with Salesforce's JSON_PARSER_ERROR on malformed input; an empty body is undefined. */
import express, { type RequestHandler } from 'express';
import { jsonParserError } from './errors.js';

const raw = express.raw({ type: () => true, limit: '50mb' });

export const jsonBody: RequestHandler = (req, res, next) => {
  raw(req, res, (error?: unknown) => {
    if (error) { next(error); return; }
    const buffer = req.body as unknown;
    if (!Buffer.isBuffer(buffer) || buffer.length === 0) {
      req.body = undefined;
      next();
      return;
    }
    try {
      req.body = JSON.parse(buffer.toString('utf8')) as unknown;
      next();
    } catch (e) {
      next(jsonParserError(`Unexpected character in the request body: ${(e as Error).message}`));
    }
  });
};
