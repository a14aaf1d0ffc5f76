// One small door to a database for the seed scripts, over either SDK: @cloudbase/node-sdk (scripts, real
// environments) and wx-server-sdk (the local cloud's functions) differ only in how set() takes its data.

/** The slice of either SDK's database the seed scripts use. */
export interface SdkDatabase {
  collection(name: string): {
    where(query: Record<string, unknown>): { get(): Promise<unknown> };
    doc(id: string): { set(data: Record<string, unknown>): Promise<unknown> };
  };
}

export interface SeedDb {
  /** The document, or null when there is none (never throws for a missing one). */
  find(collection: string, id: string): Promise<Record<string, unknown> | null>;
  /** Creates or replaces the document `id`. */
  put(collection: string, id: string, doc: Record<string, unknown>): Promise<void>;
}

export function seedDb(db: SdkDatabase): SeedDb {
  return {
    async find(collection, id) {
      // where({ _id }) answers { data: [...] } in both SDKs; doc(id).get() differs (array vs object, throw on missing).
      const answer = (await db.collection(collection).where({ _id: id }).get()) as { data?: unknown };
      const list = Array.isArray(answer.data) ? (answer.data as Record<string, unknown>[]) : [];
      return list[0] ?? null;
    },
    async put(collection, id, doc) {
      const { _id: _ignored, ...data } = doc;
      const ref = db.collection(collection).doc(id);
      // wx-server-sdk's DocumentReference wraps node-sdk's in `_document` and wants set({ data }).
      if (typeof ref === 'object' && ref !== null && '_document' in ref) await ref.set({ data });
      else await ref.set(data);
    },
  };
}
