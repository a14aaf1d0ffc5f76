// notes: the caller's own notes, stored through the real wx-server-sdk.
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();

exports.main = async (event) => {
  const { OPENID } = cloud.getWXContext();
  if (!OPENID) return { ok: false, error: 'sign in first' };
  if (event.action === 'add') {
    const text = String(event.text || '').slice(0, 200);
    const { _id } = await db
      .collection('notes')
      .add({ data: { owner: OPENID, text, createdAt: db.serverDate() } });
    return { ok: true, id: _id };
  }
  if (event.action === 'list') {
    const { data } = await db.collection('notes').where({ owner: OPENID }).orderBy('createdAt', 'desc').get();
    return { ok: true, notes: data.map((note) => ({ id: note._id, text: note.text })) };
  }
  return { ok: false, error: `unknown action ${event.action}` };
};
