// A modal's private_metadata comes back from Slack with its submission: anything but what the
// bot encoded (stale, forged, truncated) is refused whole, never half-read.
import { describe, expect, it } from 'vitest';
import { decodeGroupModalContext, encodeGroupModalContext } from '../../src/slack/listeners/actions/group-buttons.js';
import { decodeModalContext, encodeModalContext } from '../../src/slack/listeners/interaction.js';

describe('modal private_metadata', () => {
  it('reads back what was encoded, for an alert and for a group', () => {
    expect(decodeModalContext(encodeModalContext({ alertId: 7, version: 3, channelId: 'C0STOCK001' }))).toEqual({ alertId: 7, version: 3, channelId: 'C0STOCK001', fromHome: false });
    expect(decodeGroupModalContext(encodeGroupModalContext({ groupId: 4, fromHome: true }))).toEqual({ groupId: 4, channelId: undefined, fromHome: true });
  });

  it('refuses anything else whole', () => {
    for (const text of [undefined, '', 'null', '[]', '"x"', '{', '{"alertId":"7","version":1}', '{"alertId":7}', '{"groupId":4}']) {
      expect(decodeModalContext(text), String(text)).toBeUndefined();
    }
    for (const text of [undefined, 'null', '[1]', '{"alertId":7,"version":1}', '{"groupId":"4"}']) {
      expect(decodeGroupModalContext(text), String(text)).toBeUndefined();
    }
    // A place of the wrong type is dropped, not trusted.
    expect(decodeModalContext('{"alertId":7,"version":1,"channelId":42,"fromHome":"yes"}')).toEqual({ alertId: 7, version: 1, channelId: undefined, fromHome: false });
  });
});
