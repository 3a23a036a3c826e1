/**
 * The one place the canvas imports the workflow language from, so that a move in the
 * package's entry points touches one file. The expression language has no package entry
 * point yet, so it is reached by path.
 */
export {
  NODE_TYPES,
  STEP_KINDS,
  FAMILIES,
  nodeDef,
  outputPorts,
  isStepKind,
  GraphDocument,
  uiHint,
  DURATION_UNITS,
  renderCondition,
  describeOperand,
  OPERATORS,
  FACTS,
  FACT_NAMES,
  Operand as OperandSchema,
  operandMeta,
  operatorsFor,
  compileWorkflow,
  checkEnvFor,
} from "@partnerflow/workflow";
export type {
  StepKind,
  Family,
  NodeDef,
  PortDef,
  GraphNode,
  GraphEdge,
  GraphNote,
  Problem,
  UiHint,
  Operand,
  Operator,
  Clause,
  Group,
  ConditionTree,
  CatalogScope,
  CompileResult,
} from "@partnerflow/workflow";
export { TEMPLATES, templateById, type WorkflowTemplate } from "@partnerflow/workflow/fixtures";
export {
  catalogTypeEnv,
  compileExpression,
  compileTemplate,
  renderTemplate,
  formatValue,
  type ExprError,
  type TypeEnv,
  type Scope,
} from "../../../../../../packages/workflow/src/expr/index.ts";
