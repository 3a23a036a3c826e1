export { loadDemoHistory, type LoadDemoOptions, type LoadDemoResult } from "./load.ts";
