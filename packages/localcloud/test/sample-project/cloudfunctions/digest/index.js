// digest: once a day, how many notes there are, keyed by the trigger's day.
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();

exports.main = async (event) => {
  const day = String(event.Time || new Date().toISOString()).slice(0, 10);
  const { total } = await db.collection('notes').count();
  await db
    .collection('digests')
    .doc(day)
    .set({ data: { day, notes: total, trigger: event.TriggerName || null } });
  return { day, notes: total };
};
