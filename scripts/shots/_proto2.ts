import { startShotsCloud } from './cloud';
import { playStory, OPENIDS } from './scenario';
(async () => {
  const t = Date.now();
  const cloud = await startShotsCloud();
  console.log('cloud', cloud.url, Date.now() - t);
  try {
    const story = await playStory(cloud);
    console.log(JSON.stringify(story), Date.now() - t);
    console.log(JSON.stringify(await cloud.call(OPENIDS.distributor, 'wallet', 'summary', {})));
  } catch (e) { console.error(e); }
  await cloud.stop();
})();
