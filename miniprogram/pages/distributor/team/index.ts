// Team: the people I invited (level 1) and the people they invited (level 2), paged.
import * as share from '../../../services/share';
import { listPage, mapPage } from '../../../utils/paged';
import { TeamRow, teamView } from '../logic';

const paging = listPage<TeamRow>({ keyOf: (row) => row.userId });

Component({
  data: {
    level: 1 as 1 | 2,
    ...paging.data,
  },
  methods: {
    ...paging.methods,
    retry: paging.methods.retry,
    async fetchPage(cursor: string | null) {
      return mapPage(await share.team(this.data.level, cursor), teamView);
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ level: Number(e.detail.value) === 2 ? 2 : 1 });
      this.load(true);
    },
  },
});
