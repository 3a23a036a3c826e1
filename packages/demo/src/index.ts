export {
  loadDemoHistory,
  DemoAlreadyLoadedError,
  DEMO_SETTING_KEY,
  type LoadDemoOptions,
  type LoadDemoResult,
} from "./load.ts";
export {
  countDemoEvents,
  demoPeriod,
  demoRecords,
  generateDemoEvents,
  toEventInput,
  type DemoOptions,
} from "./generate.ts";
export { generateRates, generateUsers, type DemoRate, type DemoUser } from "./reference-data.ts";
export type { DemoRecord } from "./record.ts";
