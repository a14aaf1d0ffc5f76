// The sample project's collections and indexes, as its deploy step would create them.
module.exports = {
  collections: {
    notes: { indexes: [{ name: 'owner_time', keys: { owner: 1, createdAt: -1 } }] },
    digests: { indexes: [{ name: 'day', keys: { day: 1 }, unique: true }] },
  },
};
