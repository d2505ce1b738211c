import { audit } from './list/audit.js';
import { countdown } from './list/countdown.js';
import { event } from './list/event.js';
import { eventAdd } from './list/event-add.js';
import { eventCancel } from './list/event-cancel.js';
import { eventEdit } from './list/event-edit.js';
import { events } from './list/events.js';
import { follow, unfollow } from './list/follow.js';
import { helpCommand } from './list/help.js';
import { next } from './list/next.js';
import { settings } from './list/settings.js';
import { subscribe } from './list/subscribe.js';
import { summary } from './list/summary.js';
import { unsubscribe } from './list/unsubscribe.js';
import type { CommandSpec } from './spec.js';

/** Every command, in the order `help` and the platform menus show them. */
export function allCommands(): readonly CommandSpec[] {
  const specs: CommandSpec[] = [
    next,
    events,
    event,
    countdown,
    subscribe,
    unsubscribe,
    settings,
    eventAdd,
    eventEdit,
    eventCancel,
    follow,
    unfollow,
    summary,
    audit,
  ];
  specs.splice(
    7,
    0,
    helpCommand(() => specs),
  );
  return specs;
}

export const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
