// <user-avatar>: a round picture, or the nickname's initial on the brand tint, so nobody is a blank circle.
import { initialOf } from '../../utils/format';
import { USER_AVATAR_DEFAULTS } from './type';

Component({
  properties: {
    src: { type: String, value: USER_AVATAR_DEFAULTS.src },
    nickname: { type: String, value: USER_AVATAR_DEFAULTS.nickname },
    size: { type: Number, value: USER_AVATAR_DEFAULTS.size },
  },
  data: { initial: initialOf('') },
  observers: {
    nickname(nickname: string) {
      this.setData({ initial: initialOf(nickname) });
    },
  },
  lifetimes: {
    attached() {
      this.setData({ initial: initialOf(this.data.nickname) });
    },
  },
});
