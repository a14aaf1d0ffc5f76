// <user-picker>: a search box over admin distributors.list (nickname, invite code or openid) and the users it
// finds; tapping one emits `pick` with who it is, so no page asks a merchant to type an openid.
import * as admin from '../../../../services/admin';
import { messageOf } from '../../../../services/errors';
import { FoundUser, foundUsers } from './logic';
import { PickedUser, USER_PICKER_DEFAULTS } from './type';

Component({
  properties: {
    placeholder: { type: String, value: USER_PICKER_DEFAULTS.placeholder },
    actionText: { type: String, value: USER_PICKER_DEFAULTS.actionText },
    excludeIds: { type: Array, value: USER_PICKER_DEFAULTS.excludeIds },
  },
  data: {
    query: '',
    results: [] as FoundUser[],
    searching: false,
    /** 「没有找到…」 or the error, under the box after a search. */
    note: '',
  },
  methods: {
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ query: e.detail.value ?? '' });
    },
    async onSearch() {
      const q = this.data.query.trim();
      if (!q || this.data.searching) return;
      this.setData({ searching: true, note: '' });
      try {
        const { items } = await admin.listDistributors({ q });
        const results = foundUsers(items, this.data.excludeIds as string[]);
        this.setData({ results, note: results.length ? '' : `没有找到「${q}」` });
      } catch (error) {
        this.setData({ results: [], note: messageOf(error) });
      } finally {
        this.setData({ searching: false });
      }
    },
    onPick(e: WechatMiniprogram.BaseEvent) {
      const found = this.data.results.find((user) => user._id === e.currentTarget.dataset.id);
      if (!found || found.taken) return;
      const picked: PickedUser = { _id: found._id, nickname: found.nickname, code: found.code };
      this.setData({ results: [], query: '', note: '' });
      this.triggerEvent('pick', picked);
    },
  },
});
