// The seam between the local cloud's HTTP server and its services: each service is a table of
// CloudBase API actions (POST /admin { action, ... }) to handlers.

export interface ApiRequest {
  action: string;
  /** The JSON body, or the text fields of a multipart body. */
  body: Record<string, unknown>;
  /** Binary parts of a multipart body (wx.openApi / wx.wxPayApi requestData, apiOptions). */
  parts: Record<string, Buffer>;
  /** The function whose SDK sent this request (from the /admin/<function> path), for metrics. */
  caller?: string;
}

export type ApiReply =
  /** -> { requestId, data } */
  | { data: unknown }
  /** -> { requestId, ...fields }: a few actions answer at the top level (startTransaction). */
  | { top: Record<string, unknown> }
  /** -> the bytes as they are, with this content type (openapi protobuf, cloudPay JSON). */
  | { raw: { contentType: string; body: Buffer } };

export type ApiHandler = (request: ApiRequest) => Promise<ApiReply> | ApiReply;
export type ApiTable = Record<string, ApiHandler>;
