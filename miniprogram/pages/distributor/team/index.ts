// Team: the people I invited (level 1) and the people they invited (level 2), paged.
import * as share from '../../../services/share';
import { footerText, initialList, ListState } from '../../../utils/list';
import { loadList } from '../../../utils/paged';
import { TeamRow, teamView } from '../logic';

Component({
  data: {
    level: 1 as 1 | 2,
    list: initialList<TeamRow>() as ListState<TeamRow>,
    footer: '',
  },
  methods: {
    onLoad() {
      this.load(true);
    },
    onPullDownRefresh() {
      this.load(true);
    },
    onReachBottom() {
      this.load(false);
    },
    async load(replace: boolean) {
      const level = this.data.level;
      await loadList<TeamRow>(
        this,
        'list',
        async (cursor) => {
          const page = await share.team(level, cursor);
          return { items: teamView(page.items), next: page.next };
        },
        replace,
        undefined,
        (row) => row.userId,
      );
      this.setData({ footer: footerText(this.data.list) });
    },
    retry() {
      this.load(true);
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ value: string | number }>) {
      this.setData({ level: Number(e.detail.value) === 2 ? 2 : 1 });
      this.load(true);
    },
    onFooterTap() {
      if (this.data.list.moreError) this.load(false);
    },
  },
});
