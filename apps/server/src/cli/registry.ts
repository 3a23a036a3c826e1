import type { Command } from "./command.ts";
import { eventsImportCommand } from "./commands/events-import.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { seedCommand } from "./commands/seed.ts";
import { startCommand } from "./commands/start.ts";
import { workflowValidateCommand } from "./commands/workflow-validate.ts";
import {
  workflowActivateCommand,
  workflowDeactivateCommand,
  workflowExportCommand,
  workflowImportCommand,
  workflowPublishCommand,
} from "./commands/workflow-lifecycle.ts";
import { workerCommand } from "./commands/worker.ts";

/** Every CLI command. Adding one: a file in ./commands and one line here. */
export const COMMANDS: readonly Command[] = [
  startCommand,
  migrateCommand,
  seedCommand,
  eventsImportCommand,
  workflowValidateCommand,
  workflowImportCommand,
  workflowPublishCommand,
  workflowActivateCommand,
  workflowDeactivateCommand,
  workflowExportCommand,
  workerCommand,
];
