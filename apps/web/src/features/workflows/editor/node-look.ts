import type { Family } from "../lib/workflow-lib.ts";

/** Registry icon names (lucide vocabulary) drawn as text glyphs: no icon font to ship. */
const GLYPHS: Record<string, string> = {
  award: "★",
  bell: "♪",
  "calendar-clock": "◷",
  "calendar-days": "▦",
  "check-square": "☑",
  "file-check": "⎙",
  gift: "✿",
  "git-branch": "⑂",
  "graduation-cap": "✪",
  handshake: "⚭",
  hourglass: "⌛",
  inbox: "⇩",
  mail: "✉",
  package: "▣",
  pencil: "✎",
  play: "▶",
  split: "⇶",
  square: "■",
  target: "◎",
  "toggle-right": "⇄",
  "trending-up": "↗",
  "user-check": "✔",
  "user-plus": "☺",
  webhook: "⚓",
  zap: "⚡",
};

export const glyph = (icon: string): string => GLYPHS[icon] ?? "●";

export const FAMILY_LABELS: Record<Family, string> = {
  trigger: "Triggers",
  logic: "Logic",
  action: "Actions",
};
