/**
 * Validation-event results report `responseCode` as a .NET `HttpStatusCode` name ("OK" in the
 * documented sample); codes without a name here are reported as their number.
 */
const NAMES: Readonly<Record<number, string>> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'NonAuthoritativeInformation', 204: 'NoContent',
  301: 'MovedPermanently', 302: 'Redirect', 303: 'RedirectMethod', 304: 'NotModified', 307: 'TemporaryRedirect', 308: 'PermanentRedirect',
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 406: 'NotAcceptable',
  408: 'RequestTimeout', 409: 'Conflict', 410: 'Gone', 411: 'LengthRequired', 413: 'RequestEntityTooLarge', 415: 'UnsupportedMediaType',
  422: 'UnprocessableEntity', 429: 'TooManyRequests',
  500: 'InternalServerError', 501: 'NotImplemented', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout',
};

export function httpStatusName(status: number): string {
  return NAMES[status] ?? String(status);
}
