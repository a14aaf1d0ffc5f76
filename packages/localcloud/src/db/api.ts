// The database.* actions of the CloudBase API (the repository's docs/LOCALCLOUD.md), decoded from the wire's
// canonical Extended JSON and answered through the engine.
import { BSONRegExp, EJSON } from 'bson';
import type { ApiRequest, ApiTable } from '../api';
import type { Clock } from '../clock';
import { CloudError } from '../errors';
import { Doc, Engine, MAX_DOC_BYTES } from './engine';

const isPlainObject = (value: unknown): value is Doc =>
  !!value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Turns parsed EJSON into what the engine stores and mingo understands: BSONRegExp → RegExp (JS has no
 * `x` or `l` flags; they are dropped) and `{ $tcb_server_date: { offset } }` → the clock's now + offset.
 */
function normalize(value: unknown, now: number): unknown {
  if (Array.isArray(value)) return value.map((v) => normalize(v, now));
  if (value instanceof Date && Number.isNaN(value.getTime()))
    throw new CloudError('INVALID_PARAM', 'invalid $date');
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, value.options.replace(/[^imsu]/g, ''));
  if (!isPlainObject(value)) return value;
  const serverDate = value.$tcb_server_date;
  if (serverDate !== undefined && Object.keys(value).length === 1) {
    const offset = isPlainObject(serverDate) ? serverDate.offset : undefined;
    if (offset !== undefined && typeof offset !== 'number')
      throw new CloudError('INVALID_PARAM', 'serverDate offset must be a number');
    return new Date(now + (offset ?? 0));
  }
  const out: Doc = {};
  for (const [k, v] of Object.entries(value)) out[k] = normalize(v, now);
  return out;
}

const encode = (doc: Doc): string => EJSON.stringify(doc, { relaxed: false });

/** Reads the request fields with the checks the service makes; every failure is INVALID_PARAM. */
class Fields {
  constructor(
    private readonly body: Record<string, unknown>,
    private readonly now: number,
  ) {}

  collection(): string {
    const name = this.body.collectionName;
    if (typeof name !== 'string' || !name)
      throw new CloudError('INVALID_PARAM', 'collectionName is required');
    return name;
  }

  /** An EJSON string holding an object; undefined when absent and optional. */
  object(field: string, required: true): Doc;
  object(field: string, required?: false): Doc | undefined;
  object(field: string, required = false): Doc | undefined {
    const text = this.body[field];
    if (text === undefined || text === null || text === '') {
      if (required) throw new CloudError('INVALID_PARAM', `${field} is required`);
      return undefined;
    }
    const value = this.ejson(field, text);
    if (!isPlainObject(value)) throw new CloudError('INVALID_PARAM', `${field} must be an object`);
    return value;
  }

  ejson(field: string, text: unknown): unknown {
    if (typeof text !== 'string')
      throw new CloudError('INVALID_PARAM', `${field} must be an Extended JSON string`);
    if (text.length > MAX_DOC_BYTES) {
      throw new CloudError(
        'DATABASE_REQUEST_FAILED',
        `${field} is larger than the ${MAX_DOC_BYTES}-byte document limit`,
      );
    }
    let parsed: unknown;
    try {
      parsed = EJSON.parse(text, { relaxed: true });
    } catch (error) {
      throw new CloudError(
        'INVALID_PARAM',
        `${field} is not valid Extended JSON: ${(error as Error).message}`,
      );
    }
    return normalize(parsed, this.now);
  }

  boolean(field: string, fallback: boolean): boolean {
    const value = this.body[field];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') throw new CloudError('INVALID_PARAM', `${field} must be a boolean`);
    return value;
  }

  integer(field: string): number | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new CloudError('INVALID_PARAM', `${field} must be an integer`);
    return value;
  }

  transaction(): string | undefined {
    const value = this.body.transactionId;
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !value)
      throw new CloudError('INVALID_PARAM', 'transactionId must be a string');
    return value;
  }

  /** DOC requests carry { _id }; WHERE requests a filter. */
  target(): { id: unknown } | { query: Doc } {
    const queryType = this.body.queryType ?? 'WHERE';
    const query = this.object('query') ?? {};
    if (queryType === 'WHERE') return { query };
    if (queryType !== 'DOC') throw new CloudError('INVALID_PARAM', 'queryType must be WHERE or DOC');
    const id = query._id;
    if (typeof id !== 'string' && typeof id !== 'number')
      throw new CloudError('INVALID_PARAM', 'a DOC query needs a string or number _id');
    return { id };
  }

  order(): Record<string, 1 | -1> | undefined {
    const order = this.object('order');
    if (!order) return undefined;
    for (const [field, direction] of Object.entries(order)) {
      if (direction !== 1 && direction !== -1)
        throw new CloudError('INVALID_PARAM', `order of ${field} must be 1 or -1`);
    }
    return order as Record<string, 1 | -1>;
  }
}

export function databaseApi(engine: Engine, clock: Clock): ApiTable {
  const fields = (request: ApiRequest) => new Fields(request.body, clock.now());

  return {
    'database.insertDocument': (request) => {
      const f = fields(request);
      const name = f.collection();
      const data = request.body.data;
      if (!Array.isArray(data) || !data.length)
        throw new CloudError('INVALID_PARAM', 'data must be a non-empty array');
      const docs = data.map((text, i) => {
        const doc = f.ejson(`data[${i}]`, text);
        if (!isPlainObject(doc)) throw new CloudError('INVALID_PARAM', `data[${i}] must be an object`);
        return doc;
      });
      return { data: { insertedIds: engine.insert(name, docs, f.transaction()) } };
    },

    'database.getDocument': (request) => {
      const f = fields(request);
      const name = f.collection();
      const target = f.target();
      const projection = f.object('projection');
      const tx = f.transaction();
      if ('id' in target) {
        const doc = engine.getById(name, target.id, projection, tx);
        return { data: { list: doc ? [encode(doc)] : [] } };
      }
      const docs = engine.find(
        name,
        {
          query: target.query,
          order: f.order(),
          offset: f.integer('offset'),
          limit: f.integer('limit'),
          projection,
        },
        tx,
      );
      return { data: { list: docs.map(encode) } };
    },

    'database.calculateDocument': (request) => {
      const f = fields(request);
      const name = f.collection();
      const target = f.target();
      const query = 'id' in target ? { _id: target.id } : target.query;
      return { data: { total: engine.count(name, query, f.transaction()) } };
    },

    'database.modifyDocument': (request) => {
      const f = fields(request);
      const name = f.collection();
      const target = f.target();
      const data = f.object('data', true);
      const options = { merge: f.boolean('merge', true), upsert: f.boolean('upsert', false) };
      const tx = f.transaction();
      const result =
        'id' in target
          ? engine.updateById(name, target.id, data, options, tx)
          : engine.updateWhere(
              name,
              target.query,
              data,
              { ...options, multi: f.boolean('multi', false) },
              tx,
            );
      return {
        data:
          result.upsertedId === undefined
            ? { updated: result.updated }
            : { updated: result.updated, upsert_id: result.upsertedId },
      };
    },

    'database.removeDocument': (request) => {
      const f = fields(request);
      const name = f.collection();
      const target = f.target();
      const tx = f.transaction();
      const deleted =
        'id' in target
          ? engine.removeById(name, target.id, tx)
          : engine.removeWhere(name, target.query, f.boolean('multi', false), tx);
      return { data: { deleted } };
    },

    'database.aggregateDocuments': (request) => {
      const f = fields(request);
      const name = f.collection();
      const stages = request.body.stages;
      if (!Array.isArray(stages)) throw new CloudError('INVALID_PARAM', 'stages must be an array');
      const pipeline = stages.map((stage: unknown, i) => {
        if (!isPlainObject(stage) || typeof stage.stageKey !== 'string' || !stage.stageKey.startsWith('$')) {
          throw new CloudError('INVALID_PARAM', `stages[${i}] must be { stageKey: "$stage", stageValue }`);
        }
        return { [stage.stageKey]: f.ejson(`stages[${i}].stageValue`, stage.stageValue) };
      });
      return { data: { list: engine.aggregate(name, pipeline, f.transaction()).map(encode) } };
    },

    'database.addCollection': (request) => {
      engine.addCollection(fields(request).collection());
      return { data: {} };
    },

    'database.startTransaction': () => ({ top: { transactionId: engine.startTransaction() } }),

    'database.commitTransaction': (request) => {
      const tx = fields(request).transaction();
      if (!tx) throw new CloudError('INVALID_PARAM', 'transactionId is required');
      engine.commitTransaction(tx);
      return { data: {} };
    },

    'database.abortTransaction': (request) => {
      const tx = fields(request).transaction();
      if (!tx) throw new CloudError('INVALID_PARAM', 'transactionId is required');
      engine.abortTransaction(tx);
      return { data: {} };
    },
  };
}
