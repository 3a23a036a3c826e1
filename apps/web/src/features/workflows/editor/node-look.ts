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

/**
 * Below this zoom (a 300-step fit is far below it; a 6-step fit stays above it) cards are
 * drawn without text, icons or port labels: the text is unreadable there and painting it
 * dominated each pan frame.
 */
export const FAR_ZOOM = 0.3;

export const isFar = (zoom: number): boolean => zoom < FAR_ZOOM;
